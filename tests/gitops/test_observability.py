"""The five AIOps dashboards and the golden-signal / Kafka-lag alerts."""

from __future__ import annotations

import json
import re

from campus.manifests import Manifest

# Metric names the AIOps seed defines, plus what the golden signals and Kafka lag are computed from.
SEED_METRICS = {
    "user_login_total", "user_session_duration_seconds", "user_active_count", "submission_total",
    "submission_processing_duration_seconds", "submission_success_rate", "points_awarded_total",
    "badges_earned_total", "leaderboard_position_changes", "feedback_generation_duration_seconds",
    "feedback_accuracy_score", "feedback_implementation_rate", "risk_score_distribution",
    "performance_prediction_accuracy", "alert_generation_rate", "compliance_score", "student_risk_score",
    "prediction_accuracy", "intervention_success_rate", "engagement_score", "badge_earning_rate",
    "leaderboard_volatility",
}
PLATFORM_METRICS = {
    "http_server_request_duration_seconds", "container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
    "kube_pod_container_resource_limits", "kube_pod_status_ready", "kube_pod_container_status_restarts_total",
    "kafka_consumer_group_lag",
}
DASHBOARDS = {"executive-overview", "student-performance", "system-health", "ai-insights", "gamification"}
PROMQL_WORDS = {"sum", "by", "rate", "increase", "avg", "count", "topk", "histogram_quantile", "le", "offset",
                "deriv", "and", "or", "max", "min", "on", "without"}


def metric_names(expr: str) -> set[str]:
    without_labels = re.sub(r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"|\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", without_labels)) - PROMQL_WORDS
    return {n for n in names if not n.replace("_", "").isdigit()}


def series_family(name: str, known: set[str]) -> str:
    """A histogram's _bucket/_sum/_count series belong to the metric the seed names."""
    stripped = re.sub(r"_(bucket|sum|count)$", "", name)
    return name if name in known or stripped not in known else stripped


def test_five_dashboards_with_real_queries(rendered: dict[tuple[str, str], list[Manifest]]) -> None:
    maps = [m for m in rendered[("observability", "all")] if m.kind == "ConfigMap"]
    assert {m.name.removeprefix("dashboard-") for m in maps} == DASHBOARDS
    known = SEED_METRICS | PLATFORM_METRICS
    used_seed: set[str] = set()
    for config_map in maps:
        assert config_map.doc["metadata"]["labels"]["grafana_dashboard"] == "1"
        (text,) = config_map.doc["data"].values()
        dashboard = json.loads(text)
        assert dashboard["uid"].startswith("campus-") and dashboard["panels"]
        for panel in dashboard["panels"]:
            assert panel["targets"], panel["title"]
            for target in panel["targets"]:
                names = {series_family(n, known) for n in metric_names(target["expr"])}
                assert names and names <= known, (panel["title"], names - known)
                used_seed |= names & SEED_METRICS
    assert len(used_seed) >= 15


def test_alerts_cover_golden_signals_and_kafka_lag(rendered: dict[tuple[str, str], list[Manifest]]) -> None:
    rules = [r for m in rendered[("observability", "all")] if m.kind == "PrometheusRule"
             for group in m.doc["spec"]["groups"] for r in group["rules"]]
    alerts = [r for r in rules if "alert" in r]
    assert {a["labels"]["signal"] for a in alerts} == {"latency", "traffic", "errors", "saturation"}
    recorded = {r["record"]: r["expr"] for r in rules if "record" in r}
    lag_alerts = [a for a in alerts if "kafka_consumer_group_lag" in a["expr"]]
    assert lag_alerts and "kafka_consumer_group_lag" in recorded["group_topic:kafka_consumer_group_lag:sum"]
    assert all(a["annotations"]["summary"] and a.get("for") for a in alerts)
