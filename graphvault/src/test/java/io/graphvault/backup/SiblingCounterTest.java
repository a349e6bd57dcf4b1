package io.graphvault.backup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiblingCounterTest {

    @Test
    void parallelRelationshipsOfOneTypeBetweenTheSameTwoNodesAreNumberedOneTwoThree() {
        SiblingCounter c = new SiblingCounter();
        assertThat(c.next(1, 2, "CITES")).isEqualTo(1);
        assertThat(c.next(1, 2, "CITES")).isEqualTo(2);
        assertThat(c.next(1, 2, "CITES")).isEqualTo(3);
        assertThat(c.next(1, 2, "SUPPORTS")).as("another type starts its own group").isEqualTo(1);
        assertThat(c.next(1, 3, "CITES")).as("another end node").isEqualTo(1);
        assertThat(c.next(2, 3, "CITES")).as("another start node").isEqualTo(1);
        assertThat(c.next(2, 3, "CITES")).isEqualTo(2);
        assertThat(c.complete()).isTrue();
    }

    @Test
    void theHubsReadAgainAtTheEndStartFromTheLowestIdWithoutBreakingTheOrder() {
        SiblingCounter c = new SiblingCounter();
        c.next(5, 6, "R");
        c.next(9, 1, "R");
        c.restart();
        assertThat(c.next(7, 1, "R")).isEqualTo(1);
        assertThat(c.next(7, 1, "R")).isEqualTo(2);
        assertThat(c.complete()).isTrue();
    }

    @Test
    void aGroupMetAgainAfterAnotherOneMakesTheNumberingIncomplete() {
        SiblingCounter c = new SiblingCounter();
        c.next(1, 2, "R");
        c.next(1, 3, "R");
        assertThat(c.next(1, 2, "R")).isEqualTo(1);
        assertThat(c.complete()).as("the restore must fall back to marking").isFalse();
    }

    @Test
    void aStartNodeMetAgainAfterALaterOneMakesTheNumberingIncomplete() {
        SiblingCounter c = new SiblingCounter();
        c.next(4, 2, "R");
        c.next(3, 2, "R");
        assertThat(c.complete()).isFalse();
    }
}
