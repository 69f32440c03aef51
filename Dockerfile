# One image, two containers in the Deployment: the operator and the sidecar.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY entitlement ./entitlement
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY --from=build /install /usr/local
RUN groupadd --gid 10001 app && useradd --uid 10001 --gid 10001 --no-create-home app
USER 10001:10001
EXPOSE 3002 8080
CMD ["python", "-m", "entitlement.operator"]
