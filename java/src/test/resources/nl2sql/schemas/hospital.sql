CREATE TABLE doctors (id INTEGER PRIMARY KEY, name TEXT, specialty TEXT, salary REAL);
CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, city TEXT);
CREATE TABLE appointments (id INTEGER PRIMARY KEY, doctor_id INTEGER, patient_id INTEGER, appointment_date TEXT, fee REAL, FOREIGN KEY (doctor_id) REFERENCES doctors(id), FOREIGN KEY (patient_id) REFERENCES patients(id));
