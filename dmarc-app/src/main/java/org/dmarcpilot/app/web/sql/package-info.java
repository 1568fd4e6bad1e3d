// SPDX-License-Identifier: Apache-2.0
/**
 * The web's read queries over the store's schema (migration V1: {@code aggregate_report}, {@code
 * aggregate_record} and their child tables), in SQL that DuckDB and PostgreSQL both run. They
 * implement the {@code web.data} interfaces; the store runs them on its connections.
 */
@NullMarked
package org.dmarcpilot.app.web.sql;

import org.jspecify.annotations.NullMarked;
