package io.tooz.spring.boot;

import io.tooz.schedule.MissedPeriods;
import io.tooz.schedule.PeriodicSchedulerBuilder;
import io.tooz.schedule.TaskAction;
import io.tooz.schedule.TaskRun;
import io.tooz.schedule.TaskSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

/** One {@link PeriodicTasks} method of a bean: its tasks, period and action, checked when the bean is made. */
final class TaskMethod {
    final String group;
    final Duration period;
    final MissedPeriods missedPeriods;
    private final Object bean;
    private final Method method;
    private final List<String> ids;
    private final @Nullable Method idsFrom;
    private final String where;

    TaskMethod(Object bean, Method declared, PeriodicTasks spec, Placeholders placeholders) {
        this.bean = bean;
        this.where = "@PeriodicTasks method " + declared.getDeclaringClass().getName() + "." + declared.getName();
        this.method = invocable(declared, bean);
        this.group = placeholders.resolve(spec.group());
        this.period = placeholders.duration(spec.period(), where + ": period");
        this.missedPeriods = spec.missedPeriods();
        this.ids = new ArrayList<>();
        for (String id : spec.ids()) {
            Arrays.stream(placeholders.resolve(id).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(ids::add);
        }
        String source = placeholders.resolve(spec.idsFrom());
        this.idsFrom = source.isEmpty() ? null : idsMethod(source, declared.getDeclaringClass());
        if (ids.isEmpty() && idsFrom == null) {
            throw new IllegalStateException(where + " names no task: give ids or idsFrom");
        }
        checkParameters(declared);
    }

    /** Adds this method's tasks to its group's scheduler. */
    void addTo(PeriodicSchedulerBuilder builder) {
        TaskAction action = this::invoke;
        for (String id : ids) {
            builder.task(id, period, action);
        }
        if (idsFrom != null) {
            builder.tasks(source(idsFrom), period, action);
        }
    }

    private TaskSource source(Method m) {
        return () -> {
            Object listed = call(m);
            if (listed instanceof String[] array) {
                return List.of(array);
            }
            if (listed instanceof Collection<?> collection) {
                return collection.stream().map(String::valueOf).toList();
            }
            throw new IllegalStateException(where + ": idsFrom method " + m.getName() + " returned "
                    + (listed == null ? "null" : listed.getClass().getName())
                    + ", not a Collection<String> or a String[]");
        };
    }

    private void invoke(TaskRun run) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == String.class ? run.taskId() : run;
        }
        call(method, args);
    }

    private @Nullable Object call(Method m, @Nullable Object... args) {
        try {
            return m.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new UndeclaredThrowableException(cause, where + " threw " + cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(where + " is not accessible", e);
        }
    }

    private void checkParameters(Method declared) {
        Class<?>[] p = declared.getParameterTypes();
        boolean ok = p.length == 0
                || (p.length == 1 && (p[0] == String.class || p[0] == TaskRun.class))
                || (p.length == 2 && p[0] == String.class && p[1] == TaskRun.class);
        if (!ok) {
            throw new IllegalStateException(where + " must take (), (String taskId), (TaskRun run) or (String taskId,"
                    + " TaskRun run), not " + Arrays.toString(p));
        }
    }

    private Method idsMethod(String name, Class<?> declaring) {
        Method m = ReflectionUtils.findMethod(declaring, name);
        if (m == null || m.getParameterCount() != 0) {
            throw new IllegalStateException(
                    where + ": idsFrom names no method " + name + "() of " + declaring.getName());
        }
        return invocable(m, bean);
    }

    private static Method invocable(Method declared, Object bean) {
        Method m = AopUtils.selectInvocableMethod(declared, bean.getClass());
        ReflectionUtils.makeAccessible(m);
        return m;
    }

    @Override
    public String toString() {
        return where;
    }
}
