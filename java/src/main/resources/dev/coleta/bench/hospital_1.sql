# Hand-written queries over Spider's hospital_1 schema (15 tables), one a line, timed by
# SqlCoverageBenchmark: the accept check on a large schema. Written for the benchmark, in the
# style of Spider's gold queries.
SELECT name FROM physician
SELECT count(*) FROM patient WHERE insuranceid > 100
SELECT name, position FROM physician WHERE position LIKE '%Senior%' ORDER BY name
SELECT DISTINCT roomtype FROM room WHERE unavailable = 0
SELECT blockfloor, count(*) FROM room GROUP BY blockfloor HAVING count(*) > 2
SELECT name, cost FROM procedures ORDER BY cost DESC LIMIT 3
SELECT avg(cost), max(cost), min(cost) FROM procedures
SELECT name FROM procedures WHERE cost > (SELECT avg(cost) FROM procedures)
SELECT name FROM physician WHERE employeeid NOT IN (SELECT physician FROM prescribes)
SELECT T1.name FROM physician AS T1 JOIN department AS T2 ON T1.employeeid = T2.head
SELECT T2.name, count(*) FROM affiliated_with AS T1 JOIN department AS T2 ON T1.department = T2.departmentid GROUP BY T2.departmentid ORDER BY count(*) DESC LIMIT 1
SELECT T1.name FROM physician AS T1 JOIN trained_in AS T2 ON T1.employeeid = T2.physician JOIN procedures AS T3 ON T3.code = T2.treatment WHERE T3.cost > 5000
SELECT T4.name FROM undergoes AS T1 JOIN stay AS T2 ON T1.stay = T2.stayid JOIN room AS T3 ON T2.room = T3.roomnumber JOIN patient AS T4 ON T1.patient = T4.ssn WHERE T3.roomtype = 'Single'
SELECT p.name, count(*) AS visits FROM patient AS p JOIN appointment AS a ON p.ssn = a.patient GROUP BY p.ssn ORDER BY visits DESC
SELECT n.name FROM nurse AS n JOIN on_call AS c ON n.employeeid = c.nurse WHERE c.blockfloor = 1 AND c.blockcode = 2
SELECT name FROM nurse WHERE registered = 1 UNION SELECT name FROM physician WHERE position = 'Intern'
SELECT T1.name FROM medication AS T1 JOIN prescribes AS T2 ON T1.code = T2.medication JOIN physician AS T3 ON T2.physician = T3.employeeid WHERE T3.name = 'John Dorian'
SELECT T1.name, T2.name FROM physician AS T1 JOIN patient AS T2 ON T1.employeeid = T2.pcp WHERE T2.address LIKE '%Street%'
SELECT count(DISTINCT patient) FROM appointment WHERE examinationroom = 'A'
SELECT T1.name FROM physician AS T1 JOIN affiliated_with AS T2 ON T1.employeeid = T2.physician WHERE T2.primaryaffiliation = 1 INTERSECT SELECT T1.name FROM physician AS T1 JOIN trained_in AS T2 ON T1.employeeid = T2.physician
SELECT roomnumber FROM room WHERE blockfloor = 2 AND blockcode = 1 AND unavailable = 0
SELECT T3.name, T1.dose FROM prescribes AS T1 JOIN patient AS T2 ON T1.patient = T2.ssn JOIN medication AS T3 ON T1.medication = T3.code JOIN appointment AS T4 ON T1.appointment = T4.appointmentid WHERE T4.examinationroom = 'B'
SELECT name FROM patient WHERE ssn IN (SELECT patient FROM stay WHERE room = 101)
SELECT T1.name, avg(T2.cost) AS avg_cost FROM physician AS T1 JOIN trained_in AS T3 ON T1.employeeid = T3.physician JOIN procedures AS T2 ON T3.treatment = T2.code GROUP BY T1.employeeid HAVING avg(T2.cost) > 1000 ORDER BY avg_cost
SELECT T1.name FROM physician AS T1 JOIN undergoes AS T2 ON T1.employeeid = T2.physician OR T1.employeeid = T2.assistingnurse
