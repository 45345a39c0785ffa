package dev.custodian.migration.internal;

import dev.custodian.Secrets;
import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Routes Liquibase's logging to SLF4J. Installed per call through a Liquibase scope, never
 * globally, so an application's own Liquibase use keeps its own logging.
 */
public final class Slf4jLogService extends AbstractLogService {

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Logger getLog(Class clazz) {
        return new Slf4jLogger(LoggerFactory.getLogger(clazz == null ? Slf4jLogService.class : clazz));
    }

    /**
     * One Liquibase logger writing to one SLF4J logger. Messages are masked; an exception is logged
     * as its masked one-line description rather than a stack trace, whose messages could hold a
     * password. The operation's {@code MigrationException} keeps the cause for the application.
     */
    static final class Slf4jLogger extends AbstractLogger {
        private final org.slf4j.Logger target;

        Slf4jLogger(org.slf4j.Logger target) {
            this.target = target;
        }

        @Override
        public void close() {
            // Nothing to release: SLF4J loggers are owned by the binding.
        }

        @Override
        public void log(Level level, String message, Throwable e) {
            if (level == null || level == Level.OFF) {
                return;
            }
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                if (target.isErrorEnabled()) {
                    target.error(text(message, e));
                }
            } else if (value >= Level.WARNING.intValue()) {
                if (target.isWarnEnabled()) {
                    target.warn(text(message, e));
                }
            } else if (value >= Level.INFO.intValue()) {
                if (target.isInfoEnabled()) {
                    target.info(text(message, e));
                }
            } else if (value >= Level.FINE.intValue()) {
                if (target.isDebugEnabled()) {
                    target.debug(text(message, e));
                }
            } else if (target.isTraceEnabled()) {
                target.trace(text(message, e));
            }
        }

        private static String text(String message, Throwable e) {
            String m = Secrets.mask(message == null ? "" : message);
            return e == null ? m : m + " (" + LiquibaseSession.describe(e) + ")";
        }
    }
}
