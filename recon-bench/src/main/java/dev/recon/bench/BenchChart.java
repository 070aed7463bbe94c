package dev.recon.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A bar per goal: how far the measured figure is from its goal, as a factor where 1.0 is "exactly
 * the goal" (value / goal for an "at least" goal, goal / value for an "at most" one), on a log
 * scale. Plain Java2D, no dependency.
 */
public final class BenchChart {
  static final int WIDTH = 900;
  static final int ROW = 44;

  private BenchChart() {}

  /** Goal attainment factor: ≥ 1 means the goal is met. */
  static double attainment(double value, double[] goal) {
    if (!Double.isFinite(value) || value <= 0) {
      return goal[1] > 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return goal[1] > 0 ? value / goal[0] : goal[0] / value;
  }

  public static void write(BenchResult r, Path png) {
    Map<String, double[]> goals = BenchResult.GOALS;
    int height = 70 + ROW * goals.size() + 40;
    BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString("recon bench: figure / goal (log scale, right of the line = goal met)", 20, 30);
      int left = 260;
      int right = WIDTH - 120;
      // log10 scale from 0.01x to 100x
      double min = -2;
      double max = 2;
      int axis = left + (int) ((0 - min) / (max - min) * (right - left));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      int y = 60;
      for (Map.Entry<String, double[]> e : goals.entrySet()) {
        double v = r.get(e.getKey());
        double a = attainment(v, e.getValue());
        double lg =
            a <= 0 ? min : Double.isInfinite(a) ? max : Math.max(min, Math.min(max, Math.log10(a)));
        int x = left + (int) ((lg - min) / (max - min) * (right - left));
        g.setColor(a >= 1 ? new Color(46, 139, 87) : new Color(200, 60, 50));
        g.fillRect(Math.min(axis, x), y + 8, Math.max(2, Math.abs(x - axis)), ROW - 16);
        g.setColor(Color.BLACK);
        g.drawString(e.getKey(), 20, y + ROW / 2 + 5);
        g.drawString(
            BenchResult.number(v) + " (" + BenchResult.goalText(e.getKey()) + ")",
            right + 8,
            y + ROW / 2 + 5);
        y += ROW;
      }
      g.setStroke(new BasicStroke(2));
      g.setColor(Color.DARK_GRAY);
      g.drawLine(axis, 50, axis, y + 5);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (int p = (int) min; p <= max; p++) {
        int x = left + (int) ((p - min) / (max - min) * (right - left));
        g.drawString(
            (p < 0 ? "1/" + (long) Math.pow(10, -p) : Long.toString((long) Math.pow(10, p))) + "x",
            x - 10,
            y + 25);
      }
    } finally {
      g.dispose();
    }
    try {
      if (!ImageIO.write(img, "png", png.toFile())) {
        throw new IllegalStateException("no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
