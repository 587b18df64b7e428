package dev.meshtrace.examples.bookinfo.ratings;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The {@code ratings} service: the stars each reviewer gave a book. Calls nothing. */
@SpringBootApplication
public class RatingsService {}
