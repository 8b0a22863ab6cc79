package dev.coleta.scrape.data;

/** The kinds of page the generator writes. */
public enum SiteType {
    /** Product listing: name, link, price, image per product. */
    LISTING,
    /** One news article: headline, author, date, summary, image. */
    ARTICLE,
    /** A data table, one record per row, columns by position. */
    TABLE,
    /** Team cards: name, role, e-mail, photo. */
    CARDS,
    /** A product spec sheet as a definition list. */
    DEFINITIONS,
    /** Products marked up with schema.org microdata ({@code itemprop}). */
    MICRODATA,
    /** Forum thread list: title, link, author, replies, last post. */
    FORUM,
    /** Restaurant menu: dish, description, price. */
    MENU,
    /** Event calendar: event, date, venue, link. */
    CALENDAR
}
