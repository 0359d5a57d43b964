"""The association's pages, one module per task. Every read is audited."""
