"""The reference solutions: the one home of reference code for every exercise.

Exercise notebooks' solution regions are generated from this package
(``python -m autograder sync``); nothing here is shown on the website or shipped to students.
"""
