"""SQLCipher connection, schema migrations, repositories and the audit log. Qt-free."""
