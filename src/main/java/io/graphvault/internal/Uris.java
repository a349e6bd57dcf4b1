package io.graphvault.internal;

/** URIs as they may be shown: never with the user and password some people write into them. */
public final class Uris {

    private Uris() {
    }

    /**
     * {@code text} with the user-info part of {@code uri} (everything before the last {@code @} of
     * its authority) replaced by {@code ***}, wherever {@code uri} appears in it. Works on text, so
     * a URI too malformed to parse (the very one an error message quotes) is covered too.
     */
    public static String redact(String text, String uri) {
        if (text == null || uri == null) {
            return text;
        }
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at < start) {
            return text;
        }
        String userInfo = uri.substring(start, at);
        String redacted = uri.substring(0, start) + "***" + uri.substring(at);
        return text.replace(uri, redacted).replace(userInfo, "***");
    }

    /** {@code uri} itself, redacted. */
    public static String redact(String uri) {
        return redact(uri, uri);
    }
}
