CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT, country TEXT, formed_year INTEGER);
CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT, artist_id INTEGER, year INTEGER, rating REAL, FOREIGN KEY (artist_id) REFERENCES artists(id));
CREATE TABLE tracks (id INTEGER PRIMARY KEY, title TEXT, album_id INTEGER, duration_seconds INTEGER, "order" INTEGER, FOREIGN KEY (album_id) REFERENCES albums(id));
