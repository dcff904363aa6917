package net.erp.spring.sample.export;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the customer export.
 *
 * @param file the CSV file to write
 * @param pageSize how many customers to ask for per request ({@code $top}); at most 1000
 */
@ConfigurationProperties("export")
record ExportProperties(Path file, int pageSize) {

}
