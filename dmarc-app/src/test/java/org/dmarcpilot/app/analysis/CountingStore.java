// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.store.ReportStore;

/**
 * A store that counts how often it is asked: every call of a {@link ReportStore} method, and every
 * statement prepared on the connections {@link ReportStore#read} and {@link ReportStore#write} hand
 * out. The calls go to the real store.
 */
final class CountingStore {
  private static final Set<String> STATEMENTS =
      Set.of("prepareStatement", "createStatement", "prepareCall");

  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger statements = new AtomicInteger();
  private final ReportStore proxy;

  CountingStore(ReportStore store) {
    this.proxy =
        (ReportStore)
            Proxy.newProxyInstance(
                ReportStore.class.getClassLoader(),
                new Class<?>[] {ReportStore.class},
                (p, m, args) -> {
                  calls.incrementAndGet();
                  Object[] a = args;
                  if ((m.getName().equals("read") || m.getName().equals("write"))
                      && a != null
                      && a.length == 1
                      && a[0] instanceof ReportStore.SqlWork<?> work) {
                    ReportStore.SqlWork<?> counted = c -> work.run(counting(c));
                    a = new Object[] {counted};
                  }
                  return call(m, store, a);
                });
  }

  private Connection counting(Connection c) {
    InvocationHandler h =
        (p, m, args) -> {
          if (STATEMENTS.contains(m.getName())) {
            statements.incrementAndGet();
          }
          return call(m, c, args);
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  private static Object call(java.lang.reflect.Method m, Object target, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The counting store. */
  ReportStore store() {
    return proxy;
  }

  /** Store methods called so far. */
  int calls() {
    return calls.get();
  }

  /** Statements prepared so far on the connections handed out. */
  int statements() {
    return statements.get();
  }
}
