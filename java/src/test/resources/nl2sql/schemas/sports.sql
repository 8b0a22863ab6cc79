CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT, city TEXT, founded INTEGER);
CREATE TABLE players (id INTEGER PRIMARY KEY, name TEXT, team_id INTEGER, position TEXT, age INTEGER, goals INTEGER, FOREIGN KEY (team_id) REFERENCES teams(id));
CREATE TABLE matches (id INTEGER PRIMARY KEY, home_team_id INTEGER, away_team_id INTEGER, match_date TEXT, home_score INTEGER, away_score INTEGER, FOREIGN KEY (home_team_id) REFERENCES teams(id), FOREIGN KEY (away_team_id) REFERENCES teams(id));
