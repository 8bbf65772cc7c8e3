#include "sim/trainee/config_nginx.h"

#include <fmt/format.h>

namespace firedrill::config_detail {
namespace {

// nginx time values: "60s", "1500ms".
std::string nginx_duration_ms(const std::string& ms_text) {
  uint64_t ms = 0;
  for (char c : ms_text) {
    if (c < '0' || c > '9') return ms_text;
    ms = ms * 10 + static_cast<uint64_t>(c - '0');
  }
  return ms % 1000 == 0 ? fmt::format("{}s", ms / 1000) : fmt::format("{}ms", ms);
}

}  // namespace

std::string config_value(const HostView& v, const std::string& key, std::string fallback) {
  const auto& c = v.host.config();
  const auto it = c.find(key);
  return it == c.end() ? fallback : it->second;
}

std::string nginx_conf(const HostView& v) {
  const std::string nofile = config_value(v, "nofile", std::to_string(v.host.fd_limit()));
  const std::string connections =
      v.lb != nullptr ? config_value(v, "max_connections", "4096") : std::string("768");
  return fmt::format(
      "user www-data;\n"
      "worker_processes auto;\n"
      "worker_rlimit_nofile {};\n"
      "pid /run/nginx.pid;\n"
      "include /etc/nginx/modules-enabled/*.conf;\n"
      "\n"
      "events {{\n"
      "\tworker_connections {};\n"
      "\t# multi_accept on;\n"
      "}}\n"
      "\n"
      "http {{\n"
      "\n"
      "\t##\n\t# Basic Settings\n\t##\n\n"
      "\tsendfile on;\n"
      "\ttcp_nopush on;\n"
      "\ttypes_hash_max_size 2048;\n"
      "\tserver_tokens off;\n"
      "\tkeepalive_timeout 65;\n"
      "\n"
      "\tinclude /etc/nginx/mime.types;\n"
      "\tdefault_type application/octet-stream;\n"
      "\n"
      "\t##\n\t# SSL Settings\n\t##\n\n"
      "\tssl_protocols TLSv1.2 TLSv1.3;\n"
      "\tssl_prefer_server_ciphers on;\n"
      "\n"
      "\t##\n\t# Logging Settings\n\t##\n\n"
      "\taccess_log /var/log/nginx/access.log;\n"
      "\terror_log /var/log/nginx/error.log{};\n"
      "\n"
      "\t##\n\t# Gzip Settings\n\t##\n\n"
      "\tgzip on;\n"
      "\n"
      "\t##\n\t# Virtual Host Configs\n\t##\n\n"
      "\tinclude /etc/nginx/conf.d/*.conf;\n"
      "\tinclude /etc/nginx/sites-enabled/*;\n"
      "}}\n",
      nofile, connections, v.lb != nullptr ? " warn" : "");
}

std::string lb_site(const HostView& v) {
  LoadBalancer& lb = *v.lb;
  const std::string port = config_value(v, "upstream_port", std::to_string(lb.upstream_port()));
  const std::string health = config_value(v, "health_path", lb.health_path());
  const std::string policy = config_value(v, "policy", "round_robin");
  const LoadBalancerConfig& cfg = lb.config();
  std::string servers;
  for (size_t i = 0; i < v.stack.web_count() && i < lb.backends().size(); ++i) {
    const std::string ip = host_ip(v.logs, v.stack.web(i).name());
    servers += fmt::format("    server {}:{} max_fails=0{};  # {}\n", ip, port,
                           lb.backends()[i].in_rotation ? "" : " down", v.stack.web(i).name());
  }
  std::string health_check;
  if (cfg.health_interval.us() > 0) {
    health_check =
        fmt::format("        health_check uri={} interval={} fails={} passes={};\n", health,
                    nginx_duration_ms(std::to_string(cfg.health_interval.us() / 1000)),
                    cfg.health_fall, cfg.health_rise);
  }
  const std::string timeout = nginx_duration_ms(
      config_value(v, "proxy_timeout_ms", std::to_string(cfg.proxy_timeout.us() / 1000)));
  const std::string site = v.logs.config().site;
  return fmt::format(
      "# Managed by config management; local changes are overwritten.\n"
      "upstream backend {{\n"
      "    zone backend 64k;\n"
      "{}"
      "{}"
      "    keepalive 32;\n"
      "}}\n"
      "\n"
      "server {{\n"
      "    listen 80 default_server;\n"
      "    listen [::]:80 default_server;\n"
      "    listen 443 ssl http2 default_server;\n"
      "    listen [::]:443 ssl http2 default_server;\n"
      "    server_name {};\n"
      "\n"
      "    ssl_certificate     /etc/ssl/certs/{}.pem;\n"
      "    ssl_certificate_key /etc/ssl/private/{}.key;\n"
      "\n"
      "    location / {{\n"
      "        proxy_pass http://backend;\n"
      "        proxy_http_version 1.1;\n"
      "        proxy_set_header Connection \"\";\n"
      "        proxy_set_header Host $host;\n"
      "        proxy_set_header X-Real-IP $remote_addr;\n"
      "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
      "        proxy_set_header X-Forwarded-Proto $scheme;\n"
      "        proxy_connect_timeout 3s;\n"
      "        proxy_read_timeout {};\n"
      "{}"
      "    }}\n"
      "\n"
      "    location = /nginx_status {{\n"
      "        stub_status;\n"
      "        allow 127.0.0.1;\n"
      "        deny all;\n"
      "    }}\n"
      "}}\n",
      policy == "least_conn" ? "    least_conn;\n" : "", servers, site, site, site, timeout,
      health_check);
}

std::string web_site(const HostView& v) {
  const std::string port = config_value(v, "listen_port", std::to_string(v.web->listen_port()));
  const std::string health = config_value(v, "health_path", v.web->health_path());
  return fmt::format(
      "server {{\n"
      "    listen {} default_server;\n"
      "    listen [::]:{} default_server;\n"
      "    server_name _;\n"
      "\n"
      "    root /var/www/shop/public;\n"
      "    client_max_body_size 10m;\n"
      "\n"
      "    location = {} {{\n"
      "        access_log off;\n"
      "        proxy_pass http://127.0.0.1:8000;\n"
      "    }}\n"
      "\n"
      "    location /static/ {{\n"
      "        alias /var/www/shop/public/static/;\n"
      "        expires 7d;\n"
      "    }}\n"
      "\n"
      "    location / {{\n"
      "        proxy_pass http://127.0.0.1:8000;\n"
      "        proxy_set_header Host $host;\n"
      "        proxy_set_header X-Real-IP $remote_addr;\n"
      "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
      "        proxy_read_timeout 60s;\n"
      "    }}\n"
      "}}\n",
      port, port, health);
}

}  // namespace firedrill::config_detail
