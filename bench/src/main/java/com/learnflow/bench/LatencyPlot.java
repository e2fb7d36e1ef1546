package com.learnflow.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;

/**
 * A PNG of latency (ms, log scale) against percentile (HdrHistogram's log scale), one
 * line per histogram.
 */
final class LatencyPlot {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private static final int WIDTH = 1000;

	private static final int LEFT = 75;

	private static final int RIGHT = 45;

	private static final int TOP = 45;

	private static final int PLOT_HEIGHT = 420;

	private static final int ROW = 18;

	private static final int POINTS = 200;

	/**
	 * Okabe-Ito, distinguishable with the common colour-vision deficiencies; dashed from
	 * the eighth series on.
	 */
	private static final Color[] COLORS = { new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
			new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), Color.BLACK };

	private static final double MIN_MS = 0.1;

	private LatencyPlot() {
	}

	/**
	 * Writes a PNG of the latency percentile curves of the given series (label ->
	 * histogram in microseconds).
	 */
	static void write(Path png, String title, Map<String, Histogram> series) throws IOException {
		double xMax = 3;
		double minMs = Double.MAX_VALUE;
		double maxMs = 0;
		for (Histogram h : series.values()) {
			if (h.getTotalCount() > 0) {
				xMax = Math.max(xMax, Math.ceil(reach(h)));
				minMs = Math.min(minMs, ms(h.getMinValue()));
				maxMs = Math.max(maxMs, ms(h.getMaxValue()));
			}
		}
		int lowDecade = (maxMs > 0) ? (int) Math.floor(Math.log10(minMs)) : 0;
		int highDecade = (maxMs > 0) ? (int) Math.ceil(Math.log10(maxMs)) : 3;
		highDecade = Math.max(highDecade, lowDecade + 1);

		int height = TOP + PLOT_HEIGHT + 55 + series.size() * ROW + 10;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
			g.setFont(font);
			FontMetrics metrics = metrics(g);
			Axes axes = new Axes(LEFT, TOP, WIDTH - LEFT - RIGHT, PLOT_HEIGHT, xMax, lowDecade, highDecade);
			axes.draw(g);
			g.setColor(Color.BLACK);
			g.setFont(font.deriveFont(Font.BOLD, 16f));
			centre(g, title, LEFT + axes.width / 2, 28);
			g.setFont(font);
			g.setColor(Color.DARK_GRAY);
			int bottom = TOP + PLOT_HEIGHT;
			centre(g, "percentile", LEFT + axes.width / 2, bottom + 38);
			AffineTransform transform = g.getTransform();
			g.rotate(-Math.PI / 2);
			centre(g, "latency (ms, log scale)", -(TOP + PLOT_HEIGHT / 2), 18);
			g.setTransform(transform);

			int labelWidth = series.keySet().stream().mapToInt(metrics::stringWidth).max().orElse(0);
			int i = 0;
			for (Map.Entry<String, Histogram> entry : series.entrySet()) {
				Histogram h = entry.getValue();
				g.setColor(COLORS[i % COLORS.length]);
				float[] dash = (i < COLORS.length) ? null : new float[] { 8f, 5f };
				g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
				if (h.getTotalCount() > 0) {
					g.setClip(LEFT, TOP - 1, axes.width + 1, PLOT_HEIGHT + 2);
					g.draw(curve(h, axes));
					g.setClip(null);
				}
				int y = bottom + 62 + i * ROW;
				g.draw(new Line2D.Double(LEFT, y - 4, LEFT + 24, y - 4));
				g.setColor(Color.DARK_GRAY);
				g.drawString(entry.getKey(), LEFT + 32, y);
				String stats = (h.getTotalCount() > 0)
						? String.format("p50 %.1f   p99 %.1f   max %.1f ms", h.getValueAtPercentile(50) / 1000.0,
								h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0)
						: "no data";
				g.drawString(stats, LEFT + 32 + labelWidth + 16, y);
				i++;
			}
		}
		finally {
			g.dispose();
		}
		if (png.getParent() != null) {
			Files.createDirectories(png.getParent());
		}
		if (!ImageIO.write(image, "png", png.toFile())) {
			throw new IOException("No PNG writer for " + png);
		}
	}

	/**
	 * Latency against percentile in {@value #POINTS} steps evenly spaced on the x axis,
	 * ending at the maximum.
	 */
	private static Path2D curve(Histogram h, Axes axes) {
		Path2D.Double path = new Path2D.Double();
		double reach = reach(h);
		for (int i = 0; i <= POINTS; i++) {
			double x = reach * i / POINTS;
			long value = (i < POINTS) ? h.getValueAtPercentile(100 * (1 - Math.pow(10, -x))) : h.getMaxValue();
			if (i == 0) {
				path.moveTo(axes.x(x), axes.y(ms(value)));
			}
			else {
				path.lineTo(axes.x(x), axes.y(ms(value)));
			}
		}
		return path;
	}

	/**
	 * How far along the x axis a histogram's percentiles mean something: 1 - 1/count, but
	 * at least 90%.
	 */
	private static double reach(Histogram h) {
		return Math.max(1, Math.log10(h.getTotalCount()));
	}

	/**
	 * The font's metrics; the JDK can draw no text when fontconfig finds no font (it then
	 * throws an Error).
	 */
	private static FontMetrics metrics(Graphics2D g) throws IOException {
		try {
			return g.getFontMetrics();
		}
		catch (RuntimeException | Error ex) {
			throw new IOException("No font for the plot's text (install fontconfig and fonts-dejavu-core)", ex);
		}
	}

	/**
	 * Milliseconds for the y axis, where anything below {@value #MIN_MS} ms is drawn at
	 * {@value #MIN_MS}.
	 */
	private static double ms(long micros) {
		return Math.max(MIN_MS, micros / 1000.0);
	}

	private static void centre(Graphics2D g, String text, int x, int y) {
		g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
	}

	/**
	 * The plot area: x is log10(1 / (1 - percentile)) from 0 to xMax, y is log10(ms) over
	 * whole decades.
	 */
	private static final class Axes {

		final int left;

		final int top;

		final int width;

		final int height;

		final double xMax;

		final int lowDecade;

		final int highDecade;

		Axes(int left, int top, int width, int height, double xMax, int lowDecade, int highDecade) {
			this.left = left;
			this.top = top;
			this.width = width;
			this.height = height;
			this.xMax = xMax;
			this.lowDecade = lowDecade;
			this.highDecade = highDecade;
		}

		double x(double value) {
			return this.left + value / this.xMax * this.width;
		}

		double y(double ms) {
			return this.top + this.height
					- (Math.log10(ms) - this.lowDecade) / (this.highDecade - this.lowDecade) * this.height;
		}

		void draw(Graphics2D g) {
			Color minor = new Color(238, 238, 238);
			Color major = new Color(200, 200, 200);
			int bottom = this.top + this.height;
			FontMetrics metrics = g.getFontMetrics();
			g.setStroke(new BasicStroke(1f));
			for (int decade = this.lowDecade; decade <= this.highDecade; decade++) {
				double ms = Math.pow(10, decade);
				for (int m = 2; m <= 9 && decade < this.highDecade; m++) {
					g.setColor(minor);
					g.draw(new Line2D.Double(this.left, y(m * ms), this.left + this.width, y(m * ms)));
				}
				g.setColor(major);
				g.draw(new Line2D.Double(this.left, y(ms), this.left + this.width, y(ms)));
				String label = (decade < 0) ? String.valueOf(ms) : String.valueOf((long) ms);
				g.setColor(Color.DARK_GRAY);
				g.drawString(label, this.left - 6 - metrics.stringWidth(label), (int) y(ms) + 4);
			}
			for (int nines = 0; nines <= this.xMax; nines++) {
				g.setColor(major);
				g.draw(new Line2D.Double(x(nines), this.top, x(nines), bottom));
				String label = (nines == 0) ? "0%"
						: (nines == 1) ? "90%" : (nines == 2) ? "99%" : "99." + "9".repeat(nines - 2) + "%";
				g.setColor(Color.DARK_GRAY);
				centre(g, label, (int) x(nines), bottom + 17);
			}
			g.setColor(Color.GRAY);
			g.drawRect(this.left, this.top, this.width, this.height);
		}

	}

}
