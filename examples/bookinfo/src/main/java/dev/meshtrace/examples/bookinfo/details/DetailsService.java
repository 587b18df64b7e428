package dev.meshtrace.examples.bookinfo.details;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The {@code details} service: bibliographic details of a book. Calls nothing. */
@SpringBootApplication
public class DetailsService {}
