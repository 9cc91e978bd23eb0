import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Run by {@code scripts/file-lock-vs-python.sh}: one Java client's {@code lock.acquire()} + {@code release()} loop on a
 * {@code file://} directory against Python tooz's (a {@code file_lock_loop.py} process per round), on the same lock
 * file, in interleaved rounds (the order alternating). The JVM warms up once and stays up for every round, as a
 * service's would; each Python process warms up for {@code WARMUP_SECONDS} (it has no compiler to wait for). Prints
 * every round, each side's median acquire+release pairs per second and the ratio.
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
        Coordinator c = Coordinator.builder("file://" + dir).memberId("java-loop-" + ProcessHandle.current().pid())
                .build();
        c.start();
        try {
            DistributedLock lock = c.getLock(name);
            double warm = perSecond(lock, Math.max(5, 2 * Double.parseDouble(warmup))); // the JIT compilers' time
            System.out.printf("java warm-up: %.0f/s%n", warm);
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    java[r] = perSecond(lock, seconds);
                    py[r] = python(python);
                } else {
                    py[r] = python(python);
                    java[r] = perSecond(lock, seconds);
                }
                System.out.printf("round %d: java %.0f/s  python %.0f/s%n", r + 1, java[r], py[r]);
            }
        } finally {
            c.stop();
        }
        double jm = median(java);
        double pm = median(py);
        System.out.printf(
                "median acquire+release per second: java %.0f, python tooz %.0f, ratio java/python %.2fx%n",
                jm, pm, jm / pm);
    }

    private static double perSecond(DistributedLock lock, double seconds) {
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                lock.acquire().release();
            }
            n += 100;
        }
        return n / ((System.nanoTime() - started) / 1e9);
    }

    private static double python(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("python round failed (exit " + p.exitValue() + "): " + out);
        }
        return Double.parseDouble(out);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
