CREATE TABLE airports (id INTEGER PRIMARY KEY, name TEXT, city TEXT, country TEXT);
CREATE TABLE airlines (id INTEGER PRIMARY KEY, name TEXT, alliance TEXT);
CREATE TABLE flights (id INTEGER PRIMARY KEY, airline_id INTEGER, origin_id INTEGER, distance INTEGER, price REAL, departure_date TEXT, FOREIGN KEY (airline_id) REFERENCES airlines(id), FOREIGN KEY (origin_id) REFERENCES airports(id));
