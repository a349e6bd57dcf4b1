package io.graphvault.backup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchFileLimitsTest {

    @Test
    void aBatchEndsAtItsRecordCountOrItsBytesWhicheverComesFirst() {
        BatchFileLimits bounds = new BatchFileLimits(3, 1000);
        assertThat(bounds.roomFor(2)).isTrue();
        assertThat(bounds.roomFor(3)).as("the record bound").isFalse();
        assertThat(bounds.overflows(2, 1000)).as("exactly the byte bound").isFalse();
        assertThat(bounds.overflows(2, 1001)).as("over the byte bound").isTrue();
    }

    @Test
    void aRecordLargerThanTheByteBoundIsABatchOfItsOwn() {
        BatchFileLimits bounds = new BatchFileLimits(10, 1000);
        assertThat(bounds.overflows(1, 50_000)).isFalse();
        assertThat(bounds.overflows(2, 50_001)).isTrue();
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> new BatchFileLimits(0, 10)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new BatchFileLimits(10, 0)).hasMessageContaining("batch bytes");
    }
}
