package io.tooz.driver.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Where jetcd runs a request's steps: on the threads that are there anyway, not handed from pool to pool. By
 * default a request hops from the caller to jetcd's pool (which only starts the gRPC call), and its answer from
 * Netty's event loop to gRPC's pool (which only completes the future): each hop a wake-up, which on a busy machine
 * costs more than the request itself. Here the caller starts the call ({@link #EXECUTOR}) and the event loop that read
 * the answer completes it ({@link #UNARY_CALLBACKS}), so one request is one hop there and one back.
 *
 * <p>Safe because nothing blocks there: jetcd's steps only start calls and complete futures, and the driver waits
 * for its futures with {@code get} ({@link EtcdClient#call}), never chaining work onto them. Streams (watches,
 * lease keep-alives) keep gRPC's pool, since their listeners may do more.
 */
final class EtcdInline {
    private EtcdInline() {}

    /** Runs each task at once on the thread that submits it; shutting it down does nothing. */
    static final AbstractExecutorService EXECUTOR = new AbstractExecutorService() {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    };

    /** Unary calls' answers are handled on the thread that read them (Netty's event loop). */
    static final ClientInterceptor UNARY_CALLBACKS = new ClientInterceptor() {
        private final Executor direct = Runnable::run;

        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            return next.newCall(
                    method,
                    method.getType() == MethodDescriptor.MethodType.UNARY ? options.withExecutor(direct) : options);
        }
    };
}
