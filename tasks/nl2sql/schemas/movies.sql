CREATE TABLE studios (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE movies (id INTEGER PRIMARY KEY, title TEXT, studio_id INTEGER, release_year INTEGER, budget REAL, genre TEXT, FOREIGN KEY (studio_id) REFERENCES studios(id));
CREATE TABLE reviews (id INTEGER PRIMARY KEY, movie_id INTEGER, reviewer TEXT, stars INTEGER, FOREIGN KEY (movie_id) REFERENCES movies(id));
