package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.WatchMode;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/** Finds {@link WhileLeader} methods and lifecycles, and runs for their groups' leadership while the context runs. */
final class LeaderRegistrar implements BeanPostProcessor, BeanFactoryAware, SmartLifecycle {
    private final ObjectProvider<Coordinator> coordinator;
    private final ObjectProvider<ToozProperties> properties;
    private final Map<String, LeaderGroup> groups = new LinkedHashMap<>();
    private Placeholders placeholders = new Placeholders(null);
    private boolean running;

    LeaderRegistrar(ObjectProvider<Coordinator> coordinator, ObjectProvider<ToozProperties> properties) {
        this.coordinator = coordinator;
        this.properties = properties;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.placeholders = new Placeholders(beanFactory);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        WhileLeader onType = AnnotatedElementUtils.findMergedAnnotation(type, WhileLeader.class);
        if (onType != null) {
            if (!(bean instanceof Lifecycle lifecycle)) {
                throw new IllegalStateException("@WhileLeader bean " + beanName + " (" + type.getName()
                        + ") is not a Lifecycle: annotate a method, or implement SmartLifecycle");
            }
            if (bean instanceof SmartLifecycle smart && smart.isAutoStartup()) {
                throw new IllegalStateException("@WhileLeader bean " + beanName + " is a SmartLifecycle that starts"
                        + " with the context (isAutoStartup() is true): return false, so that only its leadership"
                        + " starts it");
            }
            group(placeholders.resolve(onType.value())).lifecycles.add(lifecycle);
        }
        Map<Method, WhileLeader> found =
                MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<WhileLeader>)
                        m -> AnnotatedElementUtils.findMergedAnnotation(m, WhileLeader.class));
        found.forEach((method, spec) -> {
            Class<?>[] p = method.getParameterTypes();
            if (!(p.length == 0 || (p.length == 1 && p[0] == Leadership.class))) {
                throw new IllegalStateException("@WhileLeader method " + type.getName() + "." + method.getName()
                        + " must take () or (Leadership)");
            }
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ReflectionUtils.makeAccessible(invocable);
            group(placeholders.resolve(spec.value())).methods.add(new LeaderGroup.Work(bean, invocable));
        });
        return bean;
    }

    private LeaderGroup group(String name) {
        synchronized (groups) {
            return groups.computeIfAbsent(name, LeaderGroup::new);
        }
    }

    @Override
    public void start() {
        synchronized (groups) {
            if (groups.isEmpty() || running) {
                return;
            }
            if (properties.getObject().watchMode() != WatchMode.AUTO) {
                throw new IllegalStateException("@WhileLeader needs tooz.watch-mode=auto: its election callbacks run"
                        + " on the coordinator's dispatcher thread");
            }
            Coordinator c = coordinator.getObject();
            groups.values().forEach(g -> g.enter(c));
            running = true;
        }
    }

    @Override
    public void stop() {
        synchronized (groups) {
            groups.values().forEach(LeaderGroup::leave);
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (groups) {
            return running;
        }
    }

    @Override
    public int getPhase() {
        return PeriodicTasksRegistrar.PHASE;
    }

    /** The groups with leader-only work. */
    Map<String, LeaderGroup> groups() {
        synchronized (groups) {
            return Map.copyOf(groups);
        }
    }
}
