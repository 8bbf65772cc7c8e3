// curl, ss and ping: answers computed from the live components.
#include <regex>

#include <catch2/catch.hpp>

#include "console_test_util.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("console: curl -I localhost/health on a healthy web server answers 200 OK", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(23 * 60 + 7));
  const CommandResult r = f.run("web-1", "curl -I localhost/health");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output ==
        "HTTP/1.1 200 OK\nServer: nginx\nDate: Fri, 16 Feb 2024 19:03:07 GMT\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Length: 2\nConnection: keep-alive\n\n");
  CHECK(r.touched.topic == "http");
  CHECK(r.touched.component == "web-1");
  CHECK(f.out("web-1", "curl -s localhost/health") == "ok");
}

TEST_CASE("console: curl on a web host with the process stopped is refused", "[console]") {
  ConsoleFixture f;
  f.stack.web(0).host().stop();
  const CommandResult r = f.run("web-1", "curl -I localhost/health");
  CHECK(r.output ==
        "curl: (7) Failed to connect to localhost port 80 after 0 ms: Connection refused\n");
  CHECK(r.exit_code == 7);
  const CommandResult quiet =
      f.run("web-1", "curl -s -o /dev/null -w '%{http_code}\\n' localhost/");
  CHECK(quiet.output == "000\n");
  CHECK(quiet.exit_code == 7);
}

TEST_CASE("console: curl to a path the app does not serve gets 404, to another port is refused",
          "[console]") {
  ConsoleFixture f;
  CHECK(lines_of(f.out("web-2", "curl -I http://localhost/healthz"))[0] ==
        "HTTP/1.1 404 Not Found");
  CHECK(f.run("web-2", "curl -I localhost:8080/health").exit_code == 7);
  CHECK(contains(f.out("web-2", "curl -i localhost:8000/health"), "Server: gunicorn"));
}

TEST_CASE("console: curl through the load balancer shows 502 for a backend on the wrong port",
          "[console]") {
  ConsoleFixture f;
  REQUIRE_FALSE(f.stack.host("lb")->set_config("upstream_port", "8080"));
  const CommandResult r = f.run("lb", "curl -sI localhost/");
  CHECK(lines_of(r.output)[0] == "HTTP/1.1 502 Bad Gateway");
  const CommandResult fail = f.run("lb", "curl -f -sS localhost/");
  CHECK(fail.exit_code == 22);
  CHECK(fail.output == "curl: (22) The requested URL returned error: 502\n");
}

TEST_CASE("console: curl through the load balancer shows 503 when no backend is healthy",
          "[console]") {
  ConsoleFixture f;
  REQUIRE_FALSE(f.stack.host("lb")->set_config("health_path", "/healthz"));
  f.run_for(SimTime::seconds(10));  // three failed checks, two seconds apart
  const std::string out = f.out("lb", "curl -i localhost/");
  CHECK(lines_of(out)[0] == "HTTP/1.1 503 Service Temporarily Unavailable");
  CHECK(contains(out, "<center><h1>503 Service Temporarily Unavailable</h1></center>"));
  CHECK(contains(f.out("lb", "curl -s -o /dev/null -w '%{http_code}' web-1/healthz"), "404"));
}

TEST_CASE("console: curl to a hung server times out", "[console]") {
  ConsoleFixture f;
  f.stack.web(1).host().hang();
  const CommandResult r = f.run("web-2", "curl -m 5 localhost/health");
  CHECK(r.output ==
        "curl: (28) Operation timed out after 5001 milliseconds with 0 bytes received\n");
  CHECK(r.exit_code == 28);
  CHECK(contains(f.run("web-2", "curl localhost/").output, "after 30001 milliseconds"));
}

TEST_CASE("console: curl across a partition cannot connect", "[console]") {
  ConsoleFixture f;
  f.stack.links().set_partitioned("lb", "web-2", true);
  const CommandResult r = f.run("lb", "curl -I http://web-2/health");
  CHECK(r.output == "curl: (28) Connection timed out after 30001 milliseconds\n");
  CHECK(r.exit_code == 28);
  CHECK(lines_of(f.out("lb", "curl -I http://web-1/health"))[0] == "HTTP/1.1 200 OK");
  CHECK(f.run("lb", "curl nosuchhost").output == "curl: (6) Could not resolve host: nosuchhost\n");
  const std::string ping = f.run("lb", "ping -c 3 web-2").output;
  CHECK(contains(ping, "3 packets transmitted, 0 received, 100% packet loss"));
  CHECK(contains(f.out("lb", "ping -c 2 web-1"),
                 "2 packets transmitted, 2 received, 0% packet loss"));
}

TEST_CASE("console: curl over https reports an expired certificate", "[console]") {
  ConsoleFixture f;
  f.stack.lb().set_certificate_expiry(SimTime::seconds(30));
  CHECK(lines_of(f.out("lb", "curl -I https://localhost/"))[0] == "HTTP/2 200 ");
  f.run_for(SimTime::seconds(31));
  const CommandResult r = f.run("lb", "curl -I https://localhost/");
  CHECK(r.exit_code == 60);
  CHECK(r.output.starts_with("curl: (60) SSL certificate problem: certificate has expired\n"));
  CHECK(lines_of(f.out("lb", "curl -kI https://localhost/"))[0] == "HTTP/2 200 ");
}

TEST_CASE("console: ss -s summarises the host's sockets", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(20));
  const std::vector<std::string> lines = lines_of(f.out("db", "ss -s"));
  REQUIRE(lines.size() == 9);
  CHECK(lines[0].starts_with("Total: "));
  CHECK(std::regex_match(
      lines[1], std::regex(R"(TCP:   \d+ \(estab \d+, closed \d+, orphaned 0, timewait \d+\))")));
  CHECK(lines[3] == "Transport Total     IP        IPv6");
  CHECK(lines[4].starts_with("RAW\t  1 "));
  const CommandResult r = f.run("db", "ss -s");
  CHECK(r.touched.topic == "network");
}

TEST_CASE("console: ss -tlnp shows the ports the live services listen on", "[console]") {
  ConsoleFixture f;
  const std::string web = f.out("web-1", "ss -tlnp");
  CHECK(lines_of(web)[0].starts_with("State  Recv-Q Send-Q"));
  CHECK(contains(web, "0.0.0.0:80 "));
  CHECK(contains(web, "127.0.0.1:8000 "));
  CHECK(contains(web, "users:((\"nginx\","));
  REQUIRE_FALSE(f.stack.host("web-1")->set_config("listen_port", "8080"));
  CHECK(contains(f.out("web-1", "ss -tln"), "0.0.0.0:8080 "));
  f.stack.web(0).host().stop();
  const std::string stopped = f.out("web-1", "ss -tln");
  CHECK_FALSE(contains(stopped, ":8080 "));
  CHECK(contains(stopped, "0.0.0.0:22 "));
  CHECK(contains(f.out("db", "ss -tln"), "0.0.0.0:5432 "));
}
