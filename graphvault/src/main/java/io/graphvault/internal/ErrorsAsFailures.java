package io.graphvault.internal;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Every step of every route turns an {@link Error} it throws (out of memory, above all) into the
 * exchange's failure, which the routes' error handlers and the command line report. Thrown on
 * through Camel, an Error ended the worker thread of a parallel split without completing its
 * exchange, and the command waited for that exchange forever.
 */
public final class ErrorsAsFailures implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        AsyncProcessor step = AsyncProcessorConverterHelper.convert(target);
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    return step.process(exchange, callback);
                } catch (Error e) {
                    exchange.setException(Failures.unchecked(e));
                    callback.done(true);
                    return true;
                }
            }
        };
    }
}
