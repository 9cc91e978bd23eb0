package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.PeriodicSchedulerBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link PeriodicTasks} methods as beans are made, and runs one {@link PeriodicScheduler} per group while the
 * context runs: started after the coordinator, closed before it (which hands the tasks over to the other instances).
 */
final class PeriodicTasksRegistrar implements BeanPostProcessor, BeanFactoryAware, SmartLifecycle {
    /** After the coordinator's phase, before the default one (task schedulers, web servers stop first). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasksRegistrar.class);
    private final ObjectProvider<Coordinator> coordinator;
    private final ObjectProvider<ToozProperties> properties;
    private final ObjectProvider<ToozSchedulerCustomizer> customizers;
    private final Map<String, List<TaskMethod>> groups = new LinkedHashMap<>();
    private final Map<String, PeriodicScheduler> running = new LinkedHashMap<>();
    private Placeholders placeholders = new Placeholders(null);

    PeriodicTasksRegistrar(
            ObjectProvider<Coordinator> coordinator,
            ObjectProvider<ToozProperties> properties,
            ObjectProvider<ToozSchedulerCustomizer> customizers) {
        this.coordinator = coordinator;
        this.properties = properties;
        this.customizers = customizers;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.placeholders = new Placeholders(beanFactory);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<java.lang.reflect.Method, PeriodicTasks> found =
                MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<PeriodicTasks>)
                        m -> AnnotatedElementUtils.findMergedAnnotation(m, PeriodicTasks.class));
        found.forEach((method, spec) -> {
            TaskMethod task = new TaskMethod(bean, method, spec, placeholders);
            synchronized (groups) {
                List<TaskMethod> same = groups.computeIfAbsent(task.group, g -> new ArrayList<>());
                if (!same.isEmpty() && same.get(0).missedPeriods != task.missedPeriods) {
                    throw new IllegalStateException(
                            task + " and " + same.get(0) + " share group '" + task.group + "' but not missedPeriods");
                }
                same.add(task);
            }
        });
        return bean;
    }

    @Override
    public void start() {
        synchronized (groups) {
            if (groups.isEmpty() || !running.isEmpty()) {
                return;
            }
            Coordinator c = coordinator.getObject();
            ToozProperties.Tasks settings = properties.getObject().tasks();
            List<ToozSchedulerCustomizer> hooks = customizers.orderedStream().toList();
            try {
                groups.forEach((group, methods) -> {
                    PeriodicSchedulerBuilder builder = PeriodicScheduler.builder(c, group)
                            .threads(settings.threads())
                            .weight(settings.weight())
                            .missedPeriods(methods.get(0).missedPeriods);
                    methods.forEach(m -> m.addTo(builder));
                    hooks.forEach(h -> h.customize(group, builder));
                    PeriodicScheduler scheduler = builder.build();
                    scheduler.start();
                    running.put(group, scheduler);
                    hooks.forEach(h -> h.started(scheduler));
                    LOG.info("tooz periodic tasks of group {} started on member {}: {}", group, c.memberId(), methods);
                });
            } catch (RuntimeException e) {
                closeAll();
                throw e;
            }
        }
    }

    @Override
    public void stop() {
        synchronized (groups) {
            closeAll();
        }
    }

    private void closeAll() {
        List<ToozSchedulerCustomizer> hooks = customizers.orderedStream().toList();
        running.forEach((group, scheduler) -> {
            scheduler.close();
            hooks.forEach(h -> h.closed(scheduler));
            LOG.info("tooz periodic tasks of group {} stopped on member {}", group, scheduler.memberId());
        });
        running.clear();
    }

    @Override
    public boolean isRunning() {
        synchronized (groups) {
            return !running.isEmpty();
        }
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running schedulers by group. */
    Map<String, PeriodicScheduler> schedulers() {
        synchronized (groups) {
            return Map.copyOf(running);
        }
    }
}
