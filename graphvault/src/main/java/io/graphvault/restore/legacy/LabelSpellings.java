package io.graphvault.restore.legacy;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.legacy.LegacyBackup.LegacyRelationship;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The real spelling of each node file's label. The script named a label's file
 * {@code label.lower() + "_nodes.json"}, so the file name alone has lost the case; the spelling is
 * found, in this order, in {@code --label-map}, in {@code backup_summary.json}'s {@code node_counts}
 * keys, and in {@code relationships.json}'s {@code from_label} and {@code to_label}. A file none of
 * them names stops the restore before anything is written: restoring its nodes under the lower-case
 * name would create a label the source never had, which a later restore with the right spelling
 * would not merge with, so every one of those nodes would then exist twice.
 */
final class LabelSpellings {

    static final String FROM_MAP = "--label-map";
    static final String FROM_SUMMARY = LegacyBackup.SUMMARY;
    static final String FROM_RELATIONSHIPS = LegacyBackup.RELATIONSHIPS;

    /** The label of {@code file} and where its spelling came from. */
    record Spelling(String file, String label, String source) {
    }

    private LabelSpellings() {
    }

    /** The file name the script gave {@code label}'s nodes (Python's {@code str.lower()}; Java's root-locale lower case agrees). */
    static String fileOf(String label) {
        return label.toLowerCase(Locale.ROOT) + LegacyBackup.NODES_SUFFIX;
    }

    /**
     * {@code files}: node file names in the folder; {@code summaryLabels}: node_counts keys in file
     * order; {@code problems}: receives what the folder lost (a file two labels shared).
     */
    static Map<String, Spelling> resolve(Path dir, Collection<String> files, List<String> summaryLabels,
            List<LegacyRelationship> relationships, Map<String, String> labelMap, List<String> problems) {
        Map<String, String> mapped = checkedMap(dir, files, labelMap);
        Map<String, List<String>> fromSummary = byFile(summaryLabels);
        Set<String> relationshipLabels = new LinkedHashSet<>();
        relationships.forEach(r -> {
            relationshipLabels.add(r.fromLabel());
            relationshipLabels.add(r.toLabel());
        });
        Map<String, List<String>> fromRelationships = byFile(relationshipLabels);
        Map<String, Spelling> spellings = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (String file : files) {
            String lower = file.toLowerCase(Locale.ROOT); // the script's names are lower case; a hand-made folder's may not be
            if (mapped.containsKey(file)) {
                spellings.put(file, new Spelling(file, mapped.get(file), FROM_MAP));
            } else if (fromSummary.containsKey(lower)) {
                List<String> labels = fromSummary.get(lower);
                // node_counts follows CALL db.labels(), the order the script wrote the files in: the last one stayed
                String last = labels.get(labels.size() - 1);
                spellings.put(file, new Spelling(file, last, FROM_SUMMARY));
                labels.subList(0, labels.size() - 1).forEach(lost -> problems.add("label '" + lost + "' ("
                        + FROM_SUMMARY + ") shares the file " + file + " with '" + last + "': the old script wrote both to it,"
                        + " so it holds only the nodes of '" + last + "'; the nodes labelled only '" + lost + "' are not in the folder"));
            } else if (fromRelationships.getOrDefault(lower, List.of()).size() == 1) {
                spellings.put(file, new Spelling(file, fromRelationships.get(lower).get(0), FROM_RELATIONSHIPS));
            } else {
                unknown.add(file + (fromRelationships.containsKey(lower) ? " (" + FROM_RELATIONSHIPS + " names several: "
                        + String.join(", ", fromRelationships.get(lower)) + ")" : ""));
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.get(0).split(" ")[0];
            throw new GraphVaultException("the spelling of the label of " + String.join(", ", unknown) + " in " + dir
                    + " is unknown: the old script wrote the file name in lower case, and neither " + FROM_SUMMARY
                    + " (node_counts) nor " + FROM_RELATIONSHIPS + " names that label. Nothing was written. Name the label with"
                    + " --label-map FILE=Label, e.g. --label-map " + first + "=" + capitalised(first));
        }
        return spellings;
    }

    /** {@code --label-map} by node file name; an entry that names no file, or a label whose file it is not, is an error. */
    private static Map<String, String> checkedMap(Path dir, Collection<String> files, Map<String, String> labelMap) {
        Map<String, String> byFile = new LinkedHashMap<>();
        labelMap.forEach((file, label) -> {
            String name = file.endsWith(LegacyBackup.NODES_SUFFIX) ? file : file + LegacyBackup.NODES_SUFFIX;
            if (!files.contains(name)) {
                throw new GraphVaultException("--label-map " + file + "=" + label + ": there is no " + name + " in " + dir);
            }
            if (label.isEmpty() || !fileOf(label).equals(name.toLowerCase(Locale.ROOT))) {
                throw new GraphVaultException("--label-map " + file + "=" + label + ": the old script wrote the nodes of '"
                        + label + "' to " + (label.isEmpty() ? "no file" : fileOf(label)) + ", not to " + name
                        + "; give the label as it is spelled in the database, differing from the file name in case only");
            }
            byFile.put(name, label);
        });
        return byFile;
    }

    private static Map<String, List<String>> byFile(Collection<String> labels) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        labels.forEach(l -> out.computeIfAbsent(fileOf(l), f -> new ArrayList<>()).add(l));
        return out;
    }

    private static String capitalised(String file) {
        String stem = file.substring(0, file.length() - LegacyBackup.NODES_SUFFIX.length());
        return stem.isEmpty() ? stem : stem.substring(0, 1).toUpperCase(Locale.ROOT) + stem.substring(1);
    }
}
