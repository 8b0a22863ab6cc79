CREATE TABLE restaurants (id INTEGER PRIMARY KEY, name TEXT, cuisine TEXT, city TEXT, rating REAL);
CREATE TABLE dishes (id INTEGER PRIMARY KEY, restaurant_id INTEGER, name TEXT, price REAL, vegetarian TEXT, FOREIGN KEY (restaurant_id) REFERENCES restaurants(id));
CREATE TABLE inspections (id INTEGER PRIMARY KEY, restaurant_id INTEGER, inspection_date TEXT, score INTEGER, FOREIGN KEY (restaurant_id) REFERENCES restaurants(id));
