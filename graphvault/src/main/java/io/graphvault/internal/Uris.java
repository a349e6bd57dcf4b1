package io.graphvault.internal;

/** URIs as they may be shown: never with the user and password some people write into them. */
public final class Uris {

    private Uris() {
    }

    /**
     * {@code text} with the user-info part of {@code uri} (everything between {@code ://} and the
     * last {@code @}) replaced by {@code ***}, wherever {@code uri} or that part appears in it.
     * Works on text, so a URI too malformed to parse (the very one an error message quotes) is
     * covered too, and so is a password holding {@code /}, {@code ?}, {@code #} or {@code @}.
     */
    public static String redact(String text, String uri) {
        if (text == null || uri == null) {
            return text;
        }
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = uri.lastIndexOf('@');
        if (at < start) {
            return text;
        }
        String userInfo = uri.substring(start, at);
        String redacted = text.replace(uri, uri.substring(0, start) + "***" + uri.substring(at));
        // the parts too, where a message quotes them alone (short ones would hide ordinary words)
        int colon = userInfo.indexOf(':');
        for (String part : colon < 0 ? new String[] {userInfo} : new String[] {userInfo, userInfo.substring(colon + 1)}) {
            if (part.length() >= 3) {
                redacted = redacted.replace(part, "***");
            }
        }
        return redacted;
    }

    /** {@code uri} itself, redacted. */
    public static String redact(String uri) {
        return redact(uri, uri);
    }
}
