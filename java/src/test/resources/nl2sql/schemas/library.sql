CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, country TEXT, birth_year INTEGER);
CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, genre TEXT, pages INTEGER, author_id INTEGER, published_year INTEGER, FOREIGN KEY (author_id) REFERENCES authors(id));
CREATE TABLE loans (id INTEGER PRIMARY KEY, book_id INTEGER, member_name TEXT, loan_date TEXT, returned TEXT, FOREIGN KEY (book_id) REFERENCES books(id));
