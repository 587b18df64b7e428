package dev.meshtrace.examples.bookinfo;

import java.util.List;

/** The books of the shop, known to every service by ID; ID 0 is the first book, as in Bookinfo. */
public final class Catalog {
  /** One book: what the product page, details, reviews and ratings say about it. */
  public record Book(int id, String title, String author, int year, int pages, String isbn10, String isbn13,
      List<Review> reviews) {}

  /** A reviewer's text and the stars the same reviewer gave in the ratings service. */
  public record Review(String reviewer, String text, int stars) {}

  public static final List<Book> BOOKS = List.of(
      new Book(0, "The Comedy of Errors", "William Shakespeare", 1595, 200, "1234567890", "123-1234567890", List.of(
          new Review("Reviewer1", "Two pairs of twins, one town, and a day of mistaken identities that never drags.", 5),
          new Review("Reviewer2", "Quick and funny; the farce carries it further than the characters do.", 4))),
      new Book(1, "Twelfth Night", "William Shakespeare", 1602, 176, "2345678901", "234-2345678901", List.of(
          new Review("Reviewer1", "Shipwreck, disguise and a steward in yellow stockings: a delight.", 5),
          new Review("Reviewer2", "The songs are lovely, the subplot cruel in places.", 3))),
      new Book(2, "The Tempest", "William Shakespeare", 1611, 160, "3456789012", "345-3456789012", List.of(
          new Review("Reviewer1", "An island full of noises, and a farewell to magic that stays with you.", 4))));

  private Catalog() {}

  /** The book with {@code id}, or null. */
  public static Book find(int id) {
    return id >= 0 && id < BOOKS.size() ? BOOKS.get(id) : null;
  }
}
