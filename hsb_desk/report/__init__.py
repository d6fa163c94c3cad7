"""The Word report: report model, python-docx writer and Jinja2 text blocks. Qt-free."""
