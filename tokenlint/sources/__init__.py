"""What is read: the work tree, the staged index, git history, many repositories."""
