# The application image: gunicorn by default; docker-compose.yml also runs the `migrate`
# one-off and the Celery `worker` from it.
FROM python:3.11-slim

# PYTHONPATH=/app: `pip install .` also puts config/ and the apps into site-packages; the
# copies in /app must win, so that BASE_DIR (templates/, static/, locale/, staticfiles/)
# is /app for every entry point, including the `celery` console script.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# WeasyPrint renders PDF reports with Pango and HarfBuzz; DejaVu carries German characters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

# pyproject.toml names README.md as the package's readme, so the build needs it.
COPY pyproject.toml README.md ./
COPY config/ config/
COPY accounts/ accounts/
COPY sso/ sso/
COPY maturity/ maturity/
COPY assessments/ assessments/
COPY rounds/ rounds/
COPY plans/ plans/
COPY dashboards/ dashboards/
COPY reports/ reports/
COPY api/ api/
COPY webhooks/ webhooks/
COPY audit/ audit/
COPY transfer/ transfer/
COPY demo/ demo/
RUN pip install . && rm -rf build *.egg-info

COPY templates/ templates/
COPY static/ static/
COPY locale/ locale/
COPY manage.py ./

# The media volume takes the owner of /app/media when Docker first creates it.
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown app:app /app/media

USER app

EXPOSE 8000

CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
