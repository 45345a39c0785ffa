package dev.custodian.example.spring;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The service's own endpoint: the newest orders, read from the database on every request. */
@RestController
class OrdersController {
    /** One order as served. */
    record Order(long id, String customer, BigDecimal total, OffsetDateTime createdAt) {
    }

    private static final String RECENT = "SELECT id, customer, total, created_at FROM orders"
            + " ORDER BY created_at DESC, id DESC LIMIT 20";

    private final JdbcTemplate jdbc;

    OrdersController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/orders/recent")
    List<Order> recent() {
        return jdbc.query(RECENT, (rs, i) -> new Order(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
                rs.getObject(4, OffsetDateTime.class)));
    }
}
