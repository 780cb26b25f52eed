"""What the local web app keeps in its data folder: uploaded policies, their checks, reviewers' decisions.

Plain SQLite and files, no web framework: `policy-check decisions export` reads the same folder
without the web extra installed.
"""
