import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Run by {@code scripts/file-lock-vs-python.sh}: one Java client's {@code lock.acquire()} + {@code release()} loop on a
 * {@code file://} directory against Python tooz's (a {@code file_lock_loop.py} process per round), on the same lock
 * file, in interleaved rounds (the order alternating). The JVM warms up once (100,000 pairs at least) and stays up for every round, as a
 * service's would; each Python process warms up for {@code WARMUP_SECONDS} (it has no compiler to wait for). Prints
 * every round, each side's median acquire+release pairs per second and the ratio; and pairs per second of the
 * process's CPU time, which a busy machine disturbs less.
 *
 * <p>Usage: {@code java -cp CLASSPATH FileLockVsPython.java DIR LOCK ROUNDS SECONDS WARMUP_SECONDS PYTHON SCRIPT}
 */
public final class FileLockVsPython {
    public static void main(String[] args) throws IOException, InterruptedException {
        String dir = args[0];
        String name = args[1];
        int rounds = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        String warmup = args[4];
        List<String> python = List.of(args[5], "-I", args[6], dir, name, args[3], warmup);
        double[] java = new double[rounds];
        double[] py = new double[rounds];
        double[] javaCpu = new double[rounds];
        double[] pyCpu = new double[rounds];
        Coordinator c = Coordinator.builder("file://" + dir).memberId("java-loop-" + ProcessHandle.current().pid())
                .build();
        c.start();
        try {
            DistributedLock lock = c.getLock(name);
            long warmed = 0; // the JIT compilers' time: at least 100,000 pairs and 5 s, at most a minute
            for (long end = System.nanoTime() + 60_000_000_000L; warmed < 100_000 && System.nanoTime() < end; ) {
                double s = Math.max(5, 2 * Double.parseDouble(warmup));
                warmed += (long) (perSecond(lock, s)[0] * s);
            }
            System.out.printf("java warmed up with %d pairs%n", warmed);
            for (int r = 0; r < rounds; r++) {
                double[] j;
                double[] p;
                if (r % 2 == 0) {
                    j = perSecond(lock, seconds);
                    p = python(python);
                } else {
                    p = python(python);
                    j = perSecond(lock, seconds);
                }
                java[r] = j[0];
                javaCpu[r] = j[1];
                py[r] = p[0];
                pyCpu[r] = p[1];
                System.out.printf(
                        "round %d: java %.0f/s (%.0f per CPU-second)  python %.0f/s (%.0f per CPU-second)%n",
                        r + 1, java[r], javaCpu[r], py[r], pyCpu[r]);
            }
        } finally {
            c.stop();
        }
        double jm = median(java);
        double pm = median(py);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = java[r] / py[r];
        }
        System.out.printf(
                "median acquire+release per second: java %.0f, python tooz %.0f, ratio java/python %.2fx"
                        + " (median of the rounds' own ratios %.2fx)%n",
                jm, pm, jm / pm, median(ratios));
        System.out.printf(
                "median per CPU-second of the process (user + system, all threads): java %.0f, python tooz %.0f,"
                        + " ratio %.2fx%n",
                median(javaCpu), median(pyCpu), median(javaCpu) / median(pyCpu));
    }

    /** Pairs per second of wall-clock time and per second of this process's CPU time. */
    private static double[] perSecond(DistributedLock lock, double seconds) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                lock.acquire().release();
            }
            n += 100;
        }
        return new double[] {n / ((System.nanoTime() - started) / 1e9), n / ((os.getProcessCpuTime() - cpu) / 1e9)};
    }

    private static double[] python(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("python round failed (exit " + p.exitValue() + "): " + out);
        }
        String[] f = out.split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
