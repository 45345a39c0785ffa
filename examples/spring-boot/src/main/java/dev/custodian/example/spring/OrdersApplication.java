package dev.custodian.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small REST service on PostgreSQL kept by Custodian: {@code GET /orders/recent}, Custodian's probes
 * as Actuator health groups, its meters on {@code /actuator/prometheus}, the backups on
 * {@code /actuator/backups}, and a graceful shutdown in Spring's order. Configured only through
 * standard properties: {@code --spring.datasource.url=…}, {@code --server.port=…},
 * {@code --custodian.store=DIR}, {@code --custodian.schedule=FILE}.
 */
@SpringBootApplication
public class OrdersApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
