// dashboard_png_check FILE: exits 0 when FILE is a PNG that is not blank — at least 16
// distinct colours and some spread of brightness — and prints its size and those figures;
// exits 1 otherwise. The Xvfb smoke test's judge of the screenshot (no Python imaging needed).
#include <stb_image.h>

#include <cmath>
#include <cstdio>
#include <set>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: dashboard_png_check FILE.png\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "%s: not a readable image: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  std::set<unsigned> colours;
  double sum = 0, sum2 = 0;
  const long pixels = static_cast<long>(w) * h;
  for (long i = 0; i < pixels; ++i) {
    const unsigned char* p = px + 3 * i;
    colours.insert(static_cast<unsigned>(p[0]) << 16 | static_cast<unsigned>(p[1]) << 8 | p[2]);
    const double y = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
    sum += y;
    sum2 += y * y;
  }
  stbi_image_free(px);
  const double mean = sum / static_cast<double>(pixels);
  const double stddev = std::sqrt(std::max(0.0, sum2 / static_cast<double>(pixels) - mean * mean));
  std::printf("%s: %dx%d, %zu colours, brightness mean %.1f stddev %.1f\n", argv[1], w, h,
              colours.size(), mean, stddev);
  return colours.size() >= 16 && stddev >= 4.0 ? 0 : 1;
}
