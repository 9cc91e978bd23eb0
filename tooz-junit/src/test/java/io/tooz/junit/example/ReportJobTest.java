package io.tooz.junit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.junit.ToozFaults;
import io.tooz.junit.ToozTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of docs/testing.md, verbatim: an application's lost() handling tested in a few lines. */
@ToozTest(ttl = "1s")
class ReportJobTest {

    @Test
    void onlyOneInstanceRunsTheReport(Coordinator a, Coordinator b) {
        ReportJob first = new ReportJob(a);
        ReportJob second = new ReportJob(b);
        assertThat(first.tryStart()).isTrue();
        assertThat(second.tryStart()).isFalse();
    }

    @Test
    void anInstanceCutOffFromTheBackendStopsAndAnotherTakesOver(Coordinator a, Coordinator b, ToozFaults faults) {
        ReportJob first = new ReportJob(a);
        ReportJob second = new ReportJob(b);
        assertThat(first.tryStart()).isTrue();

        faults.cutOff(a); // a network partition between instance a and the backend

        await().atMost(Duration.ofSeconds(5)).until(() -> !first.running()); // lost() completed
        await().atMost(Duration.ofSeconds(5)).until(second::tryStart); // the backend let the lock go
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
    }

    @Test
    void anExpiredSessionStopsTheReport(Coordinator a, ToozFaults faults) {
        ReportJob job = new ReportJob(a);
        assertThat(job.tryStart()).isTrue();

        faults.expireSession(a); // the backend ends a's session now, as after a long GC pause

        await().atMost(Duration.ofSeconds(5)).until(() -> !job.running());
        assertThat(job.tryStart())
                .as("the instance carries on with a new session")
                .isTrue();
    }
}
