# SYNTAX TEST "source.dockerfile" "The escape parser directive: backtick continues lines, backslash is a path separator"
# syntax=docker/dockerfile:1
# <- comment.line.number-sign.dockerfile
# escape=`
# <- comment.line.number-sign.dockerfile
#        ^ constant.character.escape.dockerfile

FROM mcr.microsoft.com/windows/servercore:ltsc2022
# <---- keyword.other.special-method.dockerfile
RUN powershell -Command `
# <--- keyword.other.special-method.dockerfile
#                       ^ constant.character.escape.line-continuation.dockerfile
    New-Item -ItemType Directory C:\Example
#   ^^^^^^^^ meta.instruction.run.dockerfile meta.shell-form.dockerfile
#                                  ^ - constant.character.escape.line-continuation.dockerfile
COPY app\ C:\app\
# <---- meta.instruction.copy.dockerfile keyword.other.special-method.dockerfile
RUN dir c:\
# <--- meta.instruction.run.dockerfile keyword.other.special-method.dockerfile
