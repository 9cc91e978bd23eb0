package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.spi.ClaimLedgers;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Proxies beans with {@link FleetOnce} methods, before Spring's {@code @Scheduled} processing (which then schedules the
 * proxy), and checks each method's trigger as the bean is made.
 */
final class FleetOncePostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor implements MethodInterceptor {
    private final ObjectProvider<Coordinator> coordinator;
    private final Map<Method, FleetMethod> methods = new ConcurrentHashMap<>();
    private Placeholders placeholders = new Placeholders(null);
    private @Nullable FleetClock clock;

    FleetOncePostProcessor(ObjectProvider<Coordinator> coordinator) {
        this.coordinator = coordinator;
        this.advisor = new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, FleetOnce.class, true), this);
        // before ScheduledAnnotationBeanPostProcessor (LOWEST_PRECEDENCE), so that it schedules the proxy
        setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        setBeforeExistingAdvisors(true);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        this.placeholders = new Placeholders(beanFactory);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<FleetOnce>)
                        m -> AnnotatedElementUtils.findMergedAnnotation(m, FleetOnce.class))
                .forEach(
                        (method, spec) -> methods.computeIfAbsent(method, m -> new FleetMethod(m, spec, placeholders)));
        return super.postProcessAfterInitialization(bean, beanName);
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Method method = target == null
                ? invocation.getMethod()
                : AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target));
        FleetMethod fleet = methods.get(method);
        if (fleet == null) {
            return invocation.proceed();
        }
        Coordinator c = coordinator.getObject();
        return fleet.invoke(invocation, c, clock(c));
    }

    private synchronized FleetClock clock(Coordinator c) {
        if (clock == null) {
            clock = new FleetClock(() -> ClaimLedgers.of(c));
        }
        return clock;
    }
}
