package dev.custodian.migration.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections note what Liquibase runs through them during a rehearsal: the
 * update count of every statement (summed while counting is on) and the last statement's SQL, so a
 * failure can name the statement. Everything else passes through unchanged.
 */
final class InstrumentedDataSource implements DataSource {
    private static final Set<String> EXECUTE = Set.of("execute", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch", "executeQuery");

    private final DataSource target;
    private final ConnectionListener listener;
    private volatile Connection current;
    private volatile String lastStatement;
    private volatile String failedStatement;
    private volatile boolean counting;
    private long updateCount;

    /** Told when Liquibase takes a connection, before it runs anything on it. */
    interface ConnectionListener {
        void opened(Connection raw) throws SQLException;
    }

    InstrumentedDataSource(DataSource target, ConnectionListener listener) {
        this.target = target;
        this.listener = listener;
    }

    /** The raw connection handed out last: the one Liquibase works on. */
    Connection current() {
        return current;
    }

    /** The SQL of the statement executed last, or null. */
    String lastStatement() {
        return lastStatement;
    }

    /** The SQL of the last statement that failed since {@link #forgetLastStatement()}, or null. */
    String failedStatement() {
        return failedStatement;
    }

    /** Starts summing update counts from zero. */
    synchronized void startCounting() {
        updateCount = 0;
        counting = true;
    }

    /** Stops summing; returns the sum since {@link #startCounting()}. */
    synchronized long stopCounting() {
        counting = false;
        return updateCount;
    }

    void forgetLastStatement() {
        lastStatement = null;
        failedStatement = null;
    }

    private synchronized void add(long n) {
        if (counting && n > 0) {
            updateCount += n;
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(target.getConnection(username, password));
    }

    private Connection wrap(Connection raw) throws SQLException {
        current = raw;
        listener.opened(raw);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(raw));
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection raw;

        ConnectionHandler(Connection raw) {
            this.raw = raw;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = call(raw, method, args);
            String name = method.getName();
            if (result instanceof Statement s && (name.equals("createStatement") || name.startsWith("prepare"))) {
                String sql = name.startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String q
                        ? q : null;
                Class<?> type = s instanceof CallableStatement ? CallableStatement.class
                        : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                        new StatementHandler(s, sql));
            }
            return result;
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final Statement raw;
        private final String prepared;

        StatementHandler(Statement raw, String prepared) {
            this.raw = raw;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (!EXECUTE.contains(name)) {
                return call(raw, method, args);
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : prepared;
            if (sql != null) {
                lastStatement = sql;
            }
            Object result;
            try {
                result = call(raw, method, args);
            } catch (Throwable t) {
                failedStatement = sql;
                throw t;
            }
            switch (name) {
                case "execute" -> {
                    if (Boolean.FALSE.equals(result)) {
                        add(updateCount(raw));
                    }
                }
                case "executeUpdate", "executeLargeUpdate" -> add(((Number) result).longValue());
                case "executeBatch" -> {
                    for (int n : (int[]) result) {
                        add(n);
                    }
                }
                case "executeLargeBatch" -> {
                    for (long n : (long[]) result) {
                        add(n);
                    }
                }
                default -> {
                    // a query changes no rows
                }
            }
            return result;
        }
    }

    /** The update count after {@code execute}; -1 when the driver cannot tell. */
    private static long updateCount(Statement s) {
        try {
            return s.getUpdateCount();
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
