"""What people read: the review page, the who-said-what table and the scores against gold."""
