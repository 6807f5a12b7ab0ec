FROM scratch AS Build
	 FROM --platform=$BUILDPLATFORM python:3.12-alpine AS test
	 COPY [
	 FROM --platform=linux/amd64 golang:1.22 as builder
	 FROM --platform=$BUILDPLATFORM python@sha256:0000000000000000000000000000000000000000000000000000000000000000 ASruntime
	 ENV x="poetry.lock" B ${BASE-}
	 run --exclude poetry export -f requirements.txt -o requirements.txt \
	  && apk add && \
	     uv venv /opt/venv
	 FROM Build
	    
	 ADD ["\\$A"]
	 RUN <<script <<script2
	 poetry install --no-root
	 script
	 make -j$(nproc)
	 script2
	 run --mount= --mount= apk add build-base && apt-get update \
	   # comment in a continuation
	   && cd /app \
	  && while false; do :; done & \
	 FROM Build
	 COPY --chmod --chmod=deps --from=99 uv.lock poetry.lock /var/lib/apt/lists/*
	 COPY --from=build /app/node_modules ./node_modules
	 RUN --mount= -- apt install nonexistent-pkg || xargs -a pkgs.txt apt-get install -y && \
	     chmod -R 755 /srv || while false; do :; done && . /srv/venv/bin/activate\
	 uv pip install --system -r requirements.txt
	 COPY []
	 From --platform=linux/amd64 Build as base
	 FROM alpine AS deps
	 RUN ---mount=type=cache apk add libpq
	 FROM --platform=linux/amd64 registry.example.com:5000/team/app:1.0 As final
	 User 1000:1000
	 RUN --network --= --mount= ${B-} && \
	     requirements.txt 'single' Ω ${_-} /srv
	 COPY <<-'A_1' /etc/conf
	 	chmod -R 755 /srv
	 	A_1
	 ENV
	 Run --mount= --from=build --link=< poetry install && rm -rf /root/.cache; sudo apt-get install -y gcc\
	 (cd /x && make) \
	 
	  && apk add --virtual .build-deps libpq build-base && \
	     python -m pip wheel -w /wheels --no-cache-dir flask
	 ONBUILD RUN pip install flask
	 