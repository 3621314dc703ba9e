{{/* The prefix of every object's name: <release>-runbook-runner, or fullnameOverride. */}}
{{- define "rr.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "rr.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "rr.labels" -}}
{{ include "rr.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "rr.workerServiceAccount" -}}
{{- default (printf "%s-worker" (include "rr.fullname" .)) .Values.serviceAccount.name -}}
{{- end -}}

{{/* The worker Deployment of one colour: (dict "root" $ "color" "blue"). */}}
{{- define "rr.workerName" -}}
{{- printf "%s-worker-%s" (include "rr.fullname" .root) .color -}}
{{- end -}}

{{/* "current" for the colour workers.current names, else "candidate". */}}
{{- define "rr.workerRole" -}}
{{- if eq .root.Values.workers.current .color -}}current{{- else -}}candidate{{- end -}}
{{- end -}}

{{/*
An env entry from a Secret when its secretName is set:
(dict "name" "GITHUB_TOKEN" "ref" .Values.github.token).
*/}}
{{- define "rr.secretEnv" -}}
{{- if .ref.secretName }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .ref.secretName | quote }}
      key: {{ .ref.key | quote }}
{{- end }}
{{- end -}}

{{/* An env entry with a literal value, left out when the value is empty. */}}
{{- define "rr.valueEnv" -}}
{{- if .value }}
- name: {{ .name }}
  value: {{ .value | toString | quote }}
{{- end }}
{{- end -}}

{{- define "rr.temporalTlsDir" -}}/etc/runbook-runner/temporal-tls{{- end -}}
{{- define "rr.githubAppKeyDir" -}}/etc/runbook-runner/github-app{{- end -}}
{{- define "rr.stateDir" -}}/var/lib/runbook-runner{{- end -}}

{{/*
The Temporal connection, named as src/cli/support/connection.ts (securityFromEnv) reads it.
*/}}
{{- define "rr.temporalEnv" -}}
{{- $t := .Values.temporal -}}
- name: TEMPORAL_ADDRESS
  value: {{ required "RB9284 temporal.address is required: host:port of the Temporal frontend" $t.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ $t.namespace | quote }}
- name: RUNBOOK_TASK_QUEUE
  value: {{ $t.taskQueue | quote }}
{{- if or $t.tls.enabled $t.tls.secretName $t.apiKey.secretName }}
- name: TEMPORAL_TLS
  value: "true"
{{- end }}
{{- include "rr.valueEnv" (dict "name" "TEMPORAL_TLS_SERVER_NAME" "value" $t.tls.serverName) }}
{{- if $t.tls.secretName }}
{{- if $t.tls.caKey }}
- name: TEMPORAL_TLS_CA
  value: {{ printf "%s/%s" (include "rr.temporalTlsDir" .) $t.tls.caKey | quote }}
{{- end }}
{{- if and $t.tls.certKey $t.tls.keyKey }}
- name: TEMPORAL_TLS_CERT
  value: {{ printf "%s/%s" (include "rr.temporalTlsDir" .) $t.tls.certKey | quote }}
- name: TEMPORAL_TLS_KEY
  value: {{ printf "%s/%s" (include "rr.temporalTlsDir" .) $t.tls.keyKey | quote }}
{{- end }}
{{- end }}
{{- include "rr.secretEnv" (dict "name" "TEMPORAL_API_KEY" "ref" $t.apiKey) }}
{{- end -}}

{{/* What workers and the server share: state folder, repository, GitHub, Slack bot, codec. */}}
{{- define "rr.commonEnv" -}}
- name: RUNBOOK_HOME
  value: {{ include "rr.stateDir" . | quote }}
{{- include "rr.valueEnv" (dict "name" "RUNBOOK_REPO" "value" .Values.repository.url) }}
{{- include "rr.secretEnv" (dict "name" "RUNBOOK_REPO_TOKEN" "ref" .Values.repository.token) }}
{{- include "rr.valueEnv" (dict "name" "GITHUB_API_URL" "value" .Values.github.apiUrl) }}
{{- if .Values.github.app.id }}
- name: GITHUB_APP_ID
  value: {{ .Values.github.app.id | toString | quote }}
{{- include "rr.valueEnv" (dict "name" "GITHUB_APP_INSTALLATION_ID" "value" .Values.github.app.installationId) }}
- name: GITHUB_APP_PRIVATE_KEY_FILE
  value: {{ printf "%s/%s" (include "rr.githubAppKeyDir" .) .Values.github.app.privateKey.key | quote }}
{{- end }}
{{- include "rr.secretEnv" (dict "name" "GITHUB_TOKEN" "ref" .Values.github.token) }}
{{- include "rr.secretEnv" (dict "name" "SLACK_BOT_TOKEN" "ref" .Values.slack.botToken) }}
{{- include "rr.secretEnv" (dict "name" "RUNBOOK_CODEC_KEYS" "ref" .Values.codec.keys) }}
{{- end -}}

{{/* What only the server holds: the webhook secret, the Slack signing secret, the vote key. */}}
{{- define "rr.serverSecretEnv" -}}
{{- include "rr.secretEnv" (dict "name" "GITHUB_WEBHOOK_SECRET" "ref" .Values.github.webhookSecret) }}
{{- include "rr.secretEnv" (dict "name" "SLACK_SIGNING_SECRET" "ref" .Values.slack.signingSecret) }}
{{- include "rr.secretEnv" (dict "name" "RUNBOOK_VOTE_SIGNING_KEY" "ref" .Values.votes.signingKey) }}
{{- end -}}

{{/* Secret volumes of the Temporal TLS files and the GitHub App key, when configured. */}}
{{- define "rr.secretVolumes" -}}
{{- if .Values.temporal.tls.secretName }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.tls.secretName | quote }}
    defaultMode: 0440
{{- end }}
{{- if .Values.github.app.id }}
- name: github-app
  secret:
    secretName: {{ required "RB9283 github.app.privateKey.secretName is required when github.app.id is set" .Values.github.app.privateKey.secretName | quote }}
    defaultMode: 0440
    items:
      - key: {{ .Values.github.app.privateKey.key | quote }}
        path: {{ .Values.github.app.privateKey.key | quote }}
{{- end }}
{{- end -}}

{{- define "rr.secretMounts" -}}
{{- if .Values.temporal.tls.secretName }}
- name: temporal-tls
  mountPath: {{ include "rr.temporalTlsDir" . }}
  readOnly: true
{{- end }}
{{- if .Values.github.app.id }}
- name: github-app
  mountPath: {{ include "rr.githubAppKeyDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Checks that hold for the whole release; fail with the value to fix. */}}
{{- define "rr.validate" -}}
{{- $w := .Values.workers -}}
{{- if not (has $w.current (list "blue" "green")) -}}
{{- fail (printf "RB9280 workers.current must be \"blue\" or \"green\", not %q" (toString $w.current)) -}}
{{- end -}}
{{- if not (index $w $w.current).enabled -}}
{{- fail (printf "RB9281 workers.current is %s but workers.%s.enabled is false: the current colour must run" $w.current $w.current) -}}
{{- end -}}
{{- if and $w.blue.enabled $w.green.enabled (eq (toString $w.blue.buildId) (toString $w.green.buildId)) -}}
{{- fail (printf "RB9282 workers.blue.buildId and workers.green.buildId are both %q: each colour is its own version, give them different build ids" (toString $w.blue.buildId)) -}}
{{- end -}}
{{- end -}}
