# SYNTAX TEST "source.dockerfile" "CMD, ENTRYPOINT and HEALTHCHECK in shell and exec form"
CMD ["python", "-m", "app"]
# <--- keyword.other.special-method.dockerfile
#   ^ meta.exec-form.dockerfile punctuation.definition.array.begin.dockerfile
#    ^^^^^^^^ string.quoted.double.dockerfile
#     ^^^^^^ - meta.embedded.line.shell.dockerfile
CMD exec gunicorn --bind 0.0.0.0:8000 app:wsgi
#   ^^^^ meta.instruction.cmd.dockerfile meta.embedded.line.shell.dockerfile
#                 ^^^^^^ - entity.other.attribute-name.flag.dockerfile
ENTRYPOINT ["/docker-entrypoint.sh"]
# <---------- keyword.other.special-method.dockerfile
#          ^ meta.instruction.entrypoint.dockerfile meta.exec-form.dockerfile
ENTRYPOINT /usr/bin/tini -- "$@"
#          ^^^^^^^^^^^^^ meta.instruction.entrypoint.dockerfile meta.embedded.line.shell.dockerfile
HEALTHCHECK --interval=30s --timeout=3s \
# <----------- keyword.other.special-method.dockerfile
#           ^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                      ^^^ string.unquoted.flag-value.dockerfile
  CMD curl -f http://localhost:8000/health || exit 1
# ^^^ meta.instruction.healthcheck.dockerfile keyword.other.special-method.dockerfile
#     ^^^^ meta.embedded.line.shell.dockerfile
#                                            ^^ meta.embedded.line.shell.dockerfile
HEALTHCHECK CMD ["pg_isready", "-U", "postgres"]
#           ^^^ keyword.other.special-method.dockerfile
#               ^ meta.exec-form.dockerfile
HEALTHCHECK NONE
#           ^^^^ constant.language.none.dockerfile
EXPOSE 8000
# <------ keyword.other.special-method.dockerfile - meta.instruction.healthcheck.dockerfile
