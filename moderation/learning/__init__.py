"""The screening model that learns from the shipped corpus and the officers' decisions.

examples.py  what it learns from (corpus files, the standing decisions), sorted and hashed
features.py  how it reads a comment (character n-grams, words, the comment against its post)
classifier.py the fitted model: a classifier and a threshold per rule, the evidence words
train.py     the protocol: held-out split, cross-validated thresholds, held-out figures
store.py     versions in the database, the active one cached per process, roll back
tasks.py     the retraining task (nightly and from the admin)
views.py     the model page in the admin (moderation/learning_hooks.py registers it)
"""
