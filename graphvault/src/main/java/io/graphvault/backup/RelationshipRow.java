package io.graphvault.backup;

import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * One record of the exporter's relationship queries, its element ids turned into export ids once:
 * the sort of a start node's relationships and the writer read them several times.
 */
record RelationshipRow(long start, Value startKey, long id, String type, long end, Value props, Value endKey) {

    // Columns by position, in the order of GraphExporter's RETURN: a lookup by name scans the record's keys
    private static final int START = 0;
    private static final int START_KEY = 1;
    private static final int ID = 2;
    private static final int TYPE = 3;
    private static final int END = 4;
    private static final int PROPS = 5;
    private static final int END_KEY = 6;

    static RelationshipRow of(Record r, ExportIds nodes, ExportIds relationships) {
        return new RelationshipRow(nodes.of(r.get(START).asString()), r.get(START_KEY), relationships.of(r.get(ID).asString()),
                r.get(TYPE).asString(), nodes.of(r.get(END).asString()), r.get(PROPS), r.get(END_KEY));
    }
}
