package io.tooz.tck;

import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Leaves out of discovery the contract tests a {@link Backend} declaration does not meet (see {@link Needs}), so they
 * are neither run nor reported as skipped. The JUnit Platform launcher finds it through {@code META-INF/services}.
 * Discovery fails for a {@link ToozContract} class without a declaration, and for a declaration on a class that is not
 * a {@code ToozContract} (which could leave contracts out by not implementing them).
 */
public final class ContractFilter implements PostDiscoveryFilter {

    /** For the launcher's service loader. */
    public ContractFilter() {}

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        TestSource source = descriptor.getSource().orElse(null);
        if (source instanceof ClassSource c) {
            check(c.getJavaClass());
        }
        if (!(source instanceof MethodSource m)) {
            return FilterResult.included("not a test method");
        }
        Needs needs = m.getJavaMethod().getDeclaringClass().getAnnotation(Needs.class);
        List<Object> missing = needs == null
                ? List.of()
                : Declaration.of(m.getJavaClass()).map(d -> d.missing(needs)).orElse(List.of());
        return missing.isEmpty()
                ? FilterResult.included("the declaration meets the contract's needs")
                : FilterResult.excluded(m.getJavaClass().getSimpleName() + " does not declare " + missing);
    }

    private static void check(Class<?> testClass) {
        boolean contract = ToozContract.class.isAssignableFrom(testClass);
        boolean declared = Declaration.of(testClass).isPresent();
        if (contract && !declared && !Modifier.isAbstract(testClass.getModifiers())) {
            throw new PreconditionViolationException(testClass.getName() + " implements ToozContract without"
                    + " declaring its backend: annotate it with @" + Backend.class.getName());
        }
        if (declared && !contract) {
            throw new PreconditionViolationException(testClass.getName() + " declares a @Backend but does not"
                    + " implement " + ToozContract.class.getName() + ", so it could leave contracts out");
        }
    }
}
