package dev.upgradeledger.projection.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * What the harness measures besides wall-clock time, for {@link ProjectionBench}: CPU time of the projection's Kafka
 * listener threads (sampled every 50 ms per thread, so threads that end between samples lose at most 50 ms), of the
 * whole test JVM (listeners, embedded broker, harness) and of the embedded PostgreSQL (postmaster with its reaped
 * children, plus its live backends, from {@code /proc}); and the JDBC round trips the listener threads make: statement
 * executions (a JDBC batch counts once), {@code COPY}s and commits, counted by a proxy around the application's
 * {@link DataSource}.
 */
final class CpuAndStatements {

    static final AtomicLong STATEMENTS = new AtomicLong();
    static final AtomicLong COPIES = new AtomicLong();
    static final AtomicLong COMMITS = new AtomicLong();

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> listenerCpu = new ConcurrentHashMap<>();
    private final long postmaster;
    private volatile boolean sampling = true;
    private final Thread sampler;

    private CpuAndStatements(long postmaster) {
        this.postmaster = postmaster;
        sample();
        this.sampler = new Thread(() -> {
            while (sampling) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Counters as of now. */
    record Reading(long listenerNanos, long jvmNanos, long postgresNanos, long statements, long copies, long commits) {
    }

    static CpuAndStatements start(long postmaster) {
        return new CpuAndStatements(postmaster);
    }

    Reading read() {
        sample();
        long listeners = listenerCpu.values().stream().mapToLong(Long::longValue).sum();
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Reading(listeners, jvm, postgresNanos(), STATEMENTS.get(), COPIES.get(), COMMITS.get());
    }

    void stop() {
        sampling = false;
        sampler.interrupt();
    }

    private void sample() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (isListener(thread.getName())) {
                long cpu = THREADS.getThreadCpuTime(thread.getId());
                if (cpu > 0) {
                    listenerCpu.merge(thread.getId(), cpu, Math::max);
                }
            }
        }
    }

    /** Spring Kafka's consumer threads ({@code ...-C-1}) and a side-by-side rebuild's own consumer. */
    static boolean isListener(String name) {
        return name.contains("-C-") || name.startsWith("projection-rebuild");
    }

    private long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] stat = stat(process);
                if (stat == null) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == postmaster) {
                    ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13])
                            + Long.parseLong(stat[14]);
                } else if (Long.parseLong(stat[1]) == postmaster) {
                    ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ 100
    }

    /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, ... */
    private static String[] stat(Path process) {
        try {
            String text = Files.readString(process.resolve("stat"));
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /** Wraps the application's data source so that the listener threads' round trips are counted. */
    static final class Counting implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof DataSource dataSource) {
                return proxy(DataSource.class, dataSource, (target, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection connection ? connection(connection) : result;
                });
            }
            return bean;
        }

        private static Connection connection(Connection connection) {
            return proxy(Connection.class, connection, (target, method, args) -> {
                String name = method.getName();
                Object result = invoke(target, method, args);
                if (counted()) {
                    if (name.equals("commit")) {
                        COMMITS.incrementAndGet();
                    } else if (name.equals("unwrap") && ((Class<?>) args[0]).getName().equals("org.postgresql.PGConnection")) {
                        COPIES.incrementAndGet(); // the read models unwrap only for COPY
                    }
                }
                if (result instanceof Statement statement && !(name.equals("unwrap"))) {
                    return statement(statement);
                }
                return result;
            });
        }

        private static Statement statement(Statement statement) {
            Class<? extends Statement> type = statement instanceof java.sql.CallableStatement
                    ? java.sql.CallableStatement.class
                    : statement instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class
                    : Statement.class;
            return proxy(type, statement, (target, method, args) -> {
                String name = method.getName();
                if (counted() && (name.startsWith("execute"))) {
                    STATEMENTS.incrementAndGet();
                }
                return invoke(target, method, args);
            });
        }

        private static boolean counted() {
            return isListener(Thread.currentThread().getName());
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, Object target, Handler handler) {
            return (T) Proxy.newProxyInstance(CpuAndStatements.class.getClassLoader(), new Class<?>[] {type},
                    (InvocationHandler) (p, method, args) -> handler.handle(target, method, args));
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private interface Handler {
            Object handle(Object target, Method method, Object[] args) throws Throwable;
        }
    }
}
